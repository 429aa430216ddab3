// The demo payment provider (the embedded default): no card data leaves the browser's form for
// anywhere but this server, no money moves, and it says so on the page. Its confirmations go
// through the same inbox as Stripe's webhooks (domain/payments.ts receive()).
import crypto from 'node:crypto';
import type { DemoCard } from '../../../common/api';
import { DomainError } from '../../domain/errors';
import type { CreatePaymentInput, PaymentEvent, PaymentProvider, SavedMethodRef } from '../../domain/payments';

/** Test card numbers, after Stripe's: these decline; any other valid number succeeds. */
const declines: Record<string, string> = {
  '4000000000000002': 'Your card was declined.',
  '4000000000009995': 'Your card has insufficient funds.',
  '4000000000000069': 'Your card has expired.',
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^35/.test(digits)) return 'jcb';
  return 'card';
}

export type EmitPaymentEvent = (event: PaymentEvent) => Promise<unknown>;

export function createDemoProvider(emit: EmitPaymentEvent, now: () => Date = () => new Date()) {
  const refFor = (orderId: string) => `demo_${orderId}`;
  const orderOf = (ref: string) => ref.replace(/^demo_/, '');

  const event = (type: PaymentEvent['type'], ref: string, extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
    provider: 'demo',
    id: `demo_evt_${crypto.randomUUID()}`,
    type,
    paymentRef: ref,
    orderId: orderOf(ref),
    occurredAt: now(),
    ...extra,
  });

  const provider: PaymentProvider = {
    name: 'demo',
    publishableKey: null,
    async createPayment(input: CreatePaymentInput) {
      const ref = refFor(input.orderId);
      if (input.useSaved) await emit(event('payment.succeeded', ref));
      return { ref, clientSecret: null };
    },
    async clientSecretOf() {
      return null;
    },
    async cancelPayment() {
      // Nothing was held at a bank, so there is nothing to cancel.
    },
    async refundPayment(ref) {
      await emit(event('payment.refunded', ref));
    },
  };

  return {
    provider,

    /**
     * Charges a demo card for a payment. A decline is recorded on the order (as Stripe's
     * payment_failed would be) and reported to the caller.
     */
    async charge(
      paymentRef: string,
      payment: { card: DemoCard; save: { userId: string } | null } | { saved: SavedMethodRef },
    ): Promise<void> {
      if ('saved' in payment) {
        await emit(event('payment.succeeded', paymentRef));
        return;
      }
      const digits = payment.card.number.replace(/\s+/g, '');
      if (!luhnValid(digits)) throw new DomainError('VALIDATION_FAILED', 'The card number is not valid', { field: 'number' });
      const at = now();
      const expired = payment.card.expYear < at.getFullYear() || (payment.card.expYear === at.getFullYear() && payment.card.expMonth < at.getMonth() + 1);
      const declined = declines[digits] ?? (expired ? 'Your card has expired.' : undefined);
      if (declined) {
        await emit(event('payment.failed', paymentRef, { failureMessage: declined }));
        throw new DomainError('PAYMENT_DECLINED', declined);
      }
      const savedMethod = payment.save
        ? {
            userId: payment.save.userId,
            customerRef: `demo_cus_${payment.save.userId}`,
            methodRef: `demo_pm_${crypto.randomUUID()}`,
            brand: cardBrand(digits),
            last4: digits.slice(-4),
            expMonth: payment.card.expMonth,
            expYear: payment.card.expYear,
          }
        : undefined;
      await emit(event('payment.succeeded', paymentRef, savedMethod ? { savedMethod } : {}));
    },
  };
}

export type DemoPayments = ReturnType<typeof createDemoProvider>;
