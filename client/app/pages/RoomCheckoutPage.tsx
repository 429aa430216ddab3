// Paying from a co-shopping room (/rooms/:id/checkout?scope=mine|all): the delivery address, then the
// server makes an ordinary order from the room's open lines (mine, or everyone's) and the payment is
// the shop's own payment page with the provider in use (the demo provider by default).
import { Users, Wallet } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { roomApi, type RoomCheckoutBody } from '../../features/co-shop/api';
import { inviteFor, roomPagePath } from '../../features/co-shop/invite';
import { AddressFieldset } from '../../features/checkout/AddressFieldset';
import { PlaceOrder } from '../../features/checkout/PlaceOrder';
import { isUncertainFailure } from '../../features/checkout/core';
import type { RoomView } from '../../../common/rooms';
import { formatMoney } from '../../lib/format';
import { addressDraftOf, checkAddress, type AddressDraft, type AddressField, type FieldErrors } from '../../lib/forms';
import { BackLink } from '../../lib/ui/BackLink';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Panel } from '../../lib/ui/Panel';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useResource } from '../../lib/useResource';
import { useStore } from '../../stores';
import '../../features/checkout/checkout.css';
import '../../features/co-shop/co-shop.css';

export function RoomCheckoutPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useI18n();
  useDocumentTitle(t('coshop.checkoutTitle'));
  const scope = params.get('scope') === 'mine' ? 'mine' : 'all';
  const invite = inviteFor(id, params.get('invite'));
  const room = useResource(invite ? `room:${id}:${invite}` : null, (signal) => roomApi().get({ roomId: id, invite: invite! }, signal));

  let body;
  if (!invite) body = <p className="notice notice--info">{t('coshop.invalidText')}</p>;
  else if (room.status === 'error') body = <ErrorMessage error={room.error} onRetry={room.reload} />;
  else if (!room.data) body = <LoadingBlock />;
  else body = <RoomCheckout view={room.data} invite={invite} scope={scope} />;

  return (
    <main className="page page--checkout">
      {invite && <BackLink to={roomPagePath(id, invite)} label={t('coshop.backToRoom')} />}
      <h1 className="page-title">{scope === 'all' ? t('coshop.checkoutAllTitle') : t('coshop.checkoutMineTitle')}</h1>
      {body}
    </main>
  );
}

function RoomCheckout({ view, invite, scope }: { view: RoomView; invite: string; scope: 'mine' | 'all' }) {
  const { locale, t } = useI18n();
  const navigate = useNavigate();
  const me = useStore((s) => s.me);
  const saved = me?.user ? me.savedAddress : null;
  const [useSaved, setUseSaved] = useState(saved !== null);
  const [draft, setDraft] = useState<AddressDraft>(() => addressDraftOf(null));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<AddressField>>({});
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One key per attempt: a retry after a lost answer reuses it, so the server does not reserve twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  useEffect(() => setUseSaved(saved !== null), [saved]);

  const lines = view.cart.lines.filter((l) => l.status === 'open' && (scope === 'all' || l.addedBy === view.me.id));
  const nameOf = (memberId: string) => (memberId === view.me.id ? t('coshop.you') : (view.members.find((m) => m.id === memberId)?.displayName ?? t('coshop.formerMember')));
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal.amount, 0);
  const currency = lines[0]?.lineTotal.currency ?? 'JPY';

  const submit = async () => {
    let request: RoomCheckoutBody;
    if (useSaved && saved) request = { scope, useSavedAddress: true };
    else {
      const checked = checkAddress(draft);
      if (!checked.ok) return setFieldErrors(checked.errors);
      setFieldErrors({});
      request = { scope, address: checked.value };
    }
    setPlacing(true);
    setError(null);
    try {
      const response = await roomApi().checkout({ roomId: view.room.id, invite }, request, key);
      navigate(`/checkout/pay/${encodeURIComponent(response.order.id)}`);
    } catch (e) {
      if (!isUncertainFailure(e)) setKey(crypto.randomUUID());
      setError(e);
      setPlacing(false);
    }
  };

  if (lines.length === 0) {
    return (
      <div className="notice notice--info" data-testid="room-checkout-empty">
        <p>{scope === 'all' ? t('coshop.nothingToPay') : t('coshop.nothingOfYours')}</p>
        <Link to={roomPagePath(view.room.id, invite)} className="button button--secondary">
          {t('coshop.backToRoom')}
        </Link>
      </div>
    );
  }

  return (
    <div className="checkout-layout">
      <form
        className="checkout-layout__main checkout-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="notice notice--info notice--inline">
          {scope === 'all' ? <Users size={16} aria-hidden="true" /> : <Wallet size={16} aria-hidden="true" />}
          {scope === 'all' ? t('coshop.payAllNote') : t('coshop.payMineNote')}
        </p>
        <AddressFieldset saved={saved} useSaved={useSaved} onUseSavedChange={setUseSaved} draft={draft} onDraftChange={setDraft} errors={fieldErrors} disabled={placing} />
        {error !== null && <ErrorMessage error={error} />}
        <PlaceOrder placing={placing} testId="room-place-order" />
      </form>
      <Panel as="aside" className="checkout-layout__side panel" id="room-summary-title" title={t('checkout.summary')}>
        <ul className="room-checkout-lines">
          {lines.map((line) => (
            <li key={line.id} className="room-checkout-line" data-testid="room-checkout-line">
              <img src={line.image} alt="" width={48} height={48} />
              <span className="room-checkout-line__text">
                <span>
                  {line.name[locale]} × {line.quantity}
                </span>
                <span className="room-checkout-line__who">{t('coshop.addedBy', { name: nameOf(line.addedBy) })}</span>
              </span>
              <span>{formatMoney(line.lineTotal, locale)}</span>
            </li>
          ))}
        </ul>
        <p className="room-checkout-lines__subtotal">
          <span>{t('coshop.subtotalNote')}</span>
          <strong>{formatMoney({ amount: subtotal, currency }, locale)}</strong>
        </p>
      </Panel>
    </div>
  );
}
