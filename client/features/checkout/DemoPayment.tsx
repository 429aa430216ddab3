import { CreditCard, FlaskConical } from 'lucide-react';
import { useId, useState } from 'react';
import type { Me, Order } from '../../../common/api';
import { isApiError } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import type { FieldErrors } from '../../lib/forms';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { TextField } from '../../lib/ui/TextField';
import { useI18n } from '../../lib/useI18n';
import type { MessageKey } from '../../lib/i18n';
import { confirmDemoPayment, type DemoConfirmBody } from './api';
import { checkCard, emptyCard, formatCardNumber, type CardDraft, type CardField } from './core';

interface Props {
  order: Order;
  me: Me | null;
  /** The server's answer: paid, or still pending when the provider has not confirmed yet. */
  onConfirmed(order: Order, savedCard: boolean): void;
}

const fieldLabels: Record<CardField, MessageKey> = {
  number: 'pay.cardNumber',
  expMonth: 'pay.expMonth',
  expYear: 'pay.expYear',
  cvc: 'pay.cvc',
  name: 'pay.cardName',
};

const fieldAttributes: Record<CardField, { autoComplete: string; inputMode?: 'numeric'; maxLength: number; placeholder?: string }> = {
  number: { autoComplete: 'cc-number', inputMode: 'numeric', maxLength: 23, placeholder: '4242 4242 4242 4242' },
  expMonth: { autoComplete: 'cc-exp-month', inputMode: 'numeric', maxLength: 2, placeholder: 'MM' },
  expYear: { autoComplete: 'cc-exp-year', inputMode: 'numeric', maxLength: 4, placeholder: 'YY' },
  cvc: { autoComplete: 'cc-csc', inputMode: 'numeric', maxLength: 4, placeholder: '123' },
  name: { autoComplete: 'cc-name', maxLength: 100 },
};

/** The demo provider's card form: clearly a demo, test cards only, nothing is charged. */
export function DemoPayment({ order, me, onConfirmed }: Props) {
  const { locale, t } = useI18n();
  const idPrefix = useId();
  const [draft, setDraft] = useState<CardDraft>(() => ({ ...emptyCard, name: me?.user?.displayName ?? '' }));
  const [errors, setErrors] = useState<FieldErrors<CardField>>({});
  const [saveCard, setSaveCard] = useState(false);
  const [paying, setPaying] = useState<'card' | 'saved' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const signedIn = Boolean(me?.user);
  const savedCard = signedIn && me?.savedPaymentMethod?.provider === 'demo' ? me.savedPaymentMethod : null;
  const amount = formatMoney(order.totals.total, locale);

  const pay = async (body: DemoConfirmBody, via: 'card' | 'saved') => {
    setPaying(via);
    setError(null);
    try {
      const result = await confirmDemoPayment(body);
      onConfirmed(result, via === 'card' && 'saveCard' in body && body.saveCard === true);
    } catch (e) {
      // A decline leaves the order pending: the form stays for another card or another try.
      setError(e);
      setPaying(null);
      if (isApiError(e, 'PAYMENT_DECLINED')) setDraft((d) => ({ ...d, cvc: '' }));
    }
  };

  const submitCard = () => {
    const checked = checkCard(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    void pay({ orderId: order.id, card: checked.value, ...(signedIn ? { saveCard } : {}) }, 'card');
  };

  const field = (name: CardField) => (
    <TextField
      id={`${idPrefix}-${name}`}
      className={`card-form__${name}`}
      label={t(fieldLabels[name])}
      name={name}
      value={draft[name]}
      required
      error={errors[name] && t('form.invalid')}
      describeError
      {...fieldAttributes[name]}
      onChange={(event) => {
        const value = name === 'number' ? formatCardNumber(event.target.value) : event.target.value;
        setDraft((d) => ({ ...d, [name]: value }));
      }}
    />
  );

  return (
    <div className="demo-payment">
      <div className="demo-banner" role="note">
        <FlaskConical size={20} aria-hidden="true" />
        <div>
          <p className="demo-banner__title">{t('pay.demoTitle')}</p>
          <p className="demo-banner__hint">{t('pay.demoHint')}</p>
        </div>
      </div>

      {savedCard && (
        <>
          <button
            type="button"
            className="button button--primary button--large button--block"
            data-testid="pay-saved-card"
            disabled={paying !== null}
            onClick={() => void pay({ orderId: order.id, useSavedPaymentMethod: true }, 'saved')}
          >
            {paying === 'saved' ? <Spinner size={18} label={t('pay.paying')} /> : <CreditCard size={18} aria-hidden="true" />}
            {t('pay.useSaved', { last4: savedCard.last4 })}
          </button>
          <p className="divider">
            <span>{t('pay.orNewCard')}</span>
          </p>
        </>
      )}

      <form
        className="card-form"
        data-testid="demo-card-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submitCard();
        }}
      >
        <fieldset disabled={paying !== null} className="card-form__fields">
          {field('number')}
          <div className="card-form__row">
            {field('expMonth')}
            {field('expYear')}
            {field('cvc')}
          </div>
          {field('name')}
          {signedIn && (
            <label className="checkbox" htmlFor={`${idPrefix}-save`}>
              <input id={`${idPrefix}-save`} type="checkbox" checked={saveCard} onChange={(event) => setSaveCard(event.target.checked)} />
              <span>{t('pay.saveCard')}</span>
            </label>
          )}
        </fieldset>
        {error !== null && <ErrorMessage error={error} />}
        <button
          type="submit"
          className={`button button--large button--block ${savedCard ? 'button--secondary' : 'button--primary'}`}
          data-testid="pay-button"
          disabled={paying !== null}
        >
          {paying === 'card' ? <Spinner size={18} label={t('pay.paying')} /> : <CreditCard size={18} aria-hidden="true" />}
          {paying === 'card' ? t('pay.paying') : t('pay.pay', { amount })}
        </button>
      </form>
    </div>
  );
}
