// The running flash deal over the video: its price, a countdown every viewer sees end at the same
// moment, what is left, and a one-tap "Buy now" for shoppers with a saved address and card.
import { CheckCircle2, Zap } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CheckoutResponse, FlashDeal } from '../../../common/api';
import { apiRequest } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { DealCountdown } from './DealCountdown';
import type { ShowStore } from './show';
import { useShow } from './useShow';

type Outcome = { kind: 'paid'; orderId: string } | { kind: 'pending'; orderId: string } | { kind: 'declined' } | { kind: 'error'; error: unknown } | { kind: 'needsSetup' };

/** The deal price needs a direct checkout naming the deal (a cart line would be charged the regular price). */
async function buyDealNow(deal: FlashDeal, showId: string): Promise<CheckoutResponse> {
  return apiRequest<CheckoutResponse>('POST', '/api/checkout', {
    body: { items: [{ variantId: deal.variantId, quantity: 1 }], dealId: deal.id, showId, useSavedAddress: true, useSavedPaymentMethod: true },
    // One tap, one attempt: a second tap after an answer is a second purchase on purpose.
    headers: { 'Idempotency-Key': `deal:${crypto.randomUUID()}` },
  });
}

export function DealBanner({ store, showId, onOpenProduct }: { store: ShowStore; showId: string; onOpenProduct?(productId: string): void }) {
  const { locale, t } = useI18n();
  const deal = useShow(store, (s) => s.deals[0] ?? null);
  const product = useShow(store, (s) => (deal ? s.products[deal.productId] : undefined));
  const canOneTap = useStore((s) => Boolean(s.me?.user && s.me.savedAddress && s.me.savedPaymentMethod));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ dealId: string; result: Outcome } | null>(null);
  if (!deal) return null;
  const shown = outcome?.dealId === deal.id ? outcome.result : null;
  const soldOut = deal.remaining <= 0;

  const buy = async () => {
    if (!canOneTap) return setOutcome({ dealId: deal.id, result: { kind: 'needsSetup' } });
    setBusy(true);
    try {
      const { order } = await buyDealNow(deal, showId);
      const result: Outcome =
        order.status === 'paid' ? { kind: 'paid', orderId: order.id } : order.paymentError ? { kind: 'declined' } : { kind: 'pending', orderId: order.id };
      setOutcome({ dealId: deal.id, result });
    } catch (error) {
      setOutcome({ dealId: deal.id, result: { kind: 'error', error } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="deal-banner" data-testid="deal-banner" data-deal-id={deal.id} aria-label={t('live.deal')}>
      <div className="deal-banner__row">
        <span className="deal-banner__tag">
          <Zap size={14} aria-hidden="true" />
          {t('live.deal')}
        </span>
        <DealCountdown endsAt={deal.endsAt} className="deal-banner__countdown" />
      </div>
      <button type="button" className="deal-banner__product" onClick={() => onOpenProduct?.(deal.productId)} disabled={!onOpenProduct}>
        {product && <img src={product.image} alt="" className="deal-banner__image" />}
        <span className="deal-banner__name">{product?.name[locale] ?? ''}</span>
        <span className="deal-banner__prices">
          <strong>{formatMoney(deal.price, locale)}</strong>
          <s>{formatMoney(deal.regularPrice, locale)}</s>
        </span>
      </button>
      <div className="deal-banner__row">
        <span className="deal-banner__remaining" data-testid="deal-remaining" data-remaining={deal.remaining}>
          {soldOut ? t('product.soldOut') : t('live.remaining', { n: deal.remaining, cap: deal.cap })}
        </span>
        {onOpenProduct && (
          <button type="button" className="button button--primary button--small" data-testid="deal-buy" disabled={busy || soldOut} onClick={() => void buy()}>
            {busy && <Spinner size={14} />}
            {t('live.buyNow')}
          </button>
        )}
      </div>
      {shown?.kind === 'paid' && (
        <p className="deal-banner__result deal-banner__result--ok" role="status" data-testid="deal-result" data-result="paid">
          <CheckCircle2 size={16} aria-hidden="true" />
          <Link to={`/orders/${shown.orderId}`}>{t('live.bought')}</Link>
        </p>
      )}
      {shown?.kind === 'pending' && (
        <p className="deal-banner__result" role="status" data-testid="deal-result" data-result="pending">
          <Link to={`/orders/${shown.orderId}`}>{t('live.paymentPending')}</Link>
        </p>
      )}
      {shown?.kind === 'declined' && (
        <p className="deal-banner__result deal-banner__result--bad" role="alert" data-testid="deal-result" data-result="declined">
          {t('error.PAYMENT_DECLINED')}
        </p>
      )}
      {shown?.kind === 'error' && <ErrorMessage error={shown.error} compact />}
      {shown?.kind === 'needsSetup' && (
        <p className="deal-banner__result" role="status" data-testid="deal-result" data-result="setup">
          <Link to="/account">{t('live.oneTapSetup')}</Link>
        </p>
      )}
    </section>
  );
}
