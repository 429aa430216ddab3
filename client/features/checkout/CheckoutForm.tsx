import { Lock, MapPin } from 'lucide-react';
import { useId, useState } from 'react';
import type { CheckoutRequest, CheckoutResponse, Me } from '../../../common/api';
import { addressDraftOf, checkAddress, type AddressDraft, type AddressField, type FieldErrors } from '../../lib/forms';
import { AddressFields } from '../../lib/ui/AddressFields';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { CheckoutAttempt } from './core';
import { checkoutSessions } from './sessions';
import './checkout.css';

interface Props {
  me: Me | null;
  onPlaced(response: CheckoutResponse): void;
}

/** The delivery address and "Place order". */
export function CheckoutForm({ me, onPlaced }: Props) {
  const { t } = useI18n();
  const idPrefix = useId();
  const saved = me?.user ? me.savedAddress : null;
  const [useSaved, setUseSaved] = useState(saved !== null);
  const [draft, setDraft] = useState<AddressDraft>(() => addressDraftOf(null));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<AddressField>>({});
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One attempt for the life of this form: a retry after a lost answer reuses its key.
  const [attempt] = useState(() => new CheckoutAttempt());

  const usingSaved = useSaved && saved !== null;

  const submit = async () => {
    let request: CheckoutRequest;
    if (usingSaved) {
      request = { useSavedAddress: true };
    } else {
      const checked = checkAddress(draft);
      if (!checked.ok) {
        setFieldErrors(checked.errors);
        return;
      }
      setFieldErrors({});
      request = { address: checked.value };
    }
    setPlacing(true);
    setError(null);
    try {
      onPlaced(await checkoutSessions.placeOrder(attempt, request));
    } catch (e) {
      setError(e);
      setPlacing(false);
    }
  };

  return (
    <form
      className="checkout-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset className="panel" disabled={placing}>
        <legend className="panel__title">
          <MapPin size={18} aria-hidden="true" />
          {t('checkout.address')}
        </legend>
        {saved && (
          <div className="choice-list">
            <label className="choice" htmlFor={`${idPrefix}-saved`}>
              <input id={`${idPrefix}-saved`} type="radio" name="address-choice" checked={useSaved} onChange={() => setUseSaved(true)} />
              <span className="choice__text">
                <span className="choice__title">{t('checkout.useSaved')}</span>
                <span className="choice__detail">
                  {saved.name}, {saved.postalCode} {saved.region} {saved.city} {saved.line1} {saved.line2}
                </span>
              </span>
            </label>
            <label className="choice" htmlFor={`${idPrefix}-new`}>
              <input id={`${idPrefix}-new`} type="radio" name="address-choice" checked={!useSaved} onChange={() => setUseSaved(false)} />
              <span className="choice__text">
                <span className="choice__title">{t('checkout.useNew')}</span>
              </span>
            </label>
          </div>
        )}
        {!usingSaved && <AddressFields value={draft} errors={fieldErrors} onChange={setDraft} />}
      </fieldset>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="button button--primary button--large button--block" data-testid="place-order" disabled={placing}>
        {placing ? <Spinner size={18} label={t('checkout.placing')} /> : <Lock size={18} aria-hidden="true" />}
        {placing ? t('checkout.placing') : t('checkout.placeOrder')}
      </button>
      <p className="checkout-form__note">{t('checkout.reserveNote')}</p>
    </form>
  );
}
