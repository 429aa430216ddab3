// Loaded only when the server's payment provider is Stripe (a dynamic import), so a shop on the
// demo provider never downloads Stripe.js.
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, type Appearance, type Stripe } from '@stripe/stripe-js';
import { Lock } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { Order, PaymentSession } from '../../../common/api';
import { ApiError } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';

const stripeByKey = new Map<string, Promise<Stripe | null>>();

function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let stripe = stripeByKey.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    stripeByKey.set(publishableKey, stripe);
  }
  return stripe;
}

/** Stripe's iframe cannot read our CSS variables, so it gets their computed values. */
function appearanceFromTokens(): Appearance {
  const styles = getComputedStyle(document.documentElement);
  const token = (name: string) => styles.getPropertyValue(name).trim() || undefined;
  return {
    theme: 'stripe',
    variables: {
      colorPrimary: token('--color-accent'),
      colorBackground: token('--color-surface'),
      colorText: token('--color-text'),
      colorDanger: token('--color-danger'),
      borderRadius: token('--radius-md'),
      fontFamily: token('--font-sans'),
    },
  };
}

interface Props {
  order: Order;
  payment: PaymentSession;
  /** Called once Stripe has accepted the payment; the server confirms it later by webhook. */
  onSubmitted(): void;
}

export default function StripePayment({ order, payment, onSubmitted }: Props) {
  const { locale } = useI18n();
  const appearance = useMemo(appearanceFromTokens, []);
  if (!payment.clientSecret || !payment.publishableKey) {
    return <ErrorMessage error={new ApiError('PAYMENT_UNAVAILABLE', 503, 'No Stripe client secret')} />;
  }
  return (
    <Elements stripe={stripeFor(payment.publishableKey)} options={{ clientSecret: payment.clientSecret, locale, appearance }}>
      <StripeForm order={order} onSubmitted={onSubmitted} />
    </Elements>
  );
}

function StripeForm({ order, onSubmitted }: { order: Order; onSubmitted(): void }) {
  const { locale, t } = useI18n();
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    if (!stripe || !elements) return;
    setPaying(true);
    setError(null);
    const result = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/orders/${encodeURIComponent(order.id)}` },
      // Cards finish here; methods that need a bank's page come back through return_url.
      redirect: 'if_required',
    });
    if (result.error) {
      // Stripe's own message is already in the shopper's language (Elements got the locale).
      setError(new ApiError('UNKNOWN', 402, result.error.message ?? ''));
      setPaying(false);
      return;
    }
    onSubmitted();
  };

  return (
    <form
      className="stripe-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {!ready && <Spinner label={t('pay.stripeLoading')} />}
      <PaymentElement onReady={() => setReady(true)} />
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="button button--primary button--large button--block" data-testid="pay-button" disabled={!stripe || !ready || paying}>
        {paying ? <Spinner size={18} label={t('pay.paying')} /> : <Lock size={18} aria-hidden="true" />}
        {paying ? t('pay.paying') : t('pay.pay', { amount: formatMoney(order.totals.total, locale) })}
      </button>
    </form>
  );
}
