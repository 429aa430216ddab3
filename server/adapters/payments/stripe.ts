// The Stripe payment provider: PaymentIntents for the Payment Element, one-tap buying with a saved
// card, and signed webhooks normalised into the same PaymentEvents as the demo provider's, so the
// payments inbox (domain/payments.ts) cannot tell the two apart.
//
// Every call to Stripe goes through one pacer (pacer.ts): a flash sale queues here instead of
// turning into 429s. Every write carries an idempotency key, so a retried call never charges or
// refunds twice.
import crypto from 'node:crypto';
import Stripe from 'stripe';
import type { Config } from '../../config';
import { DomainError } from '../../domain/errors';
import type { CreatePaymentInput, PaymentEvent, PaymentProvider, SavedMethodRef } from '../../domain/payments';
import { createPacer, type PacerClock } from './pacer';

export type StripeConfig = Extract<Config['payments'], { kind: 'stripe' }>;

export interface StripePayments {
  provider: PaymentProvider;
  /**
   * Verifies a webhook delivery on its raw body and normalises it. Returns null for event types
   * this shop does not act on (they are acknowledged and ignored). Throws BAD_SIGNATURE for a
   * missing, wrong or stale signature.
   */
  parseWebhook(raw: Buffer, signature: string | undefined): Promise<PaymentEvent | null>;
}

/** Stripe's own default, stated so that a change in the SDK cannot widen it silently. */
const signatureToleranceSeconds = 300;
/** How often a call Stripe still answers with 429 (another server sharing the account) is queued again. */
const rateLimitRequeues = 3;

/** Where the SDK sends its requests: Stripe itself, or a local double named by STRIPE_API_BASE. */
function apiTarget(apiBase: string | null): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

const isStripeError = (e: unknown, code: string) => e instanceof Stripe.errors.StripeError && e.code === code;

export function createStripeProvider(config: StripeConfig, options: { clock?: PacerClock } = {}): StripePayments {
  const stripe = new Stripe(config.secretKey, {
    // The SDK retries connection errors, 409s and 5xx itself, reusing the request's idempotency key.
    // Those few retries (after a back-off of half a second or more) are not paced; 429s are, below.
    maxNetworkRetries: 2,
    ...apiTarget(config.apiBase),
    appInfo: { name: 'live-shop' },
  });
  const pacer = createPacer({ ratePerSecond: config.ratePerSecond, ...(options.clock ? { clock: options.clock } : {}) });

  /**
   * One Stripe call, started when the pacer allows. A 429 means Stripe did not run the request (its
   * idempotency key is not spent), so it is safe to queue it again rather than fail a shopper.
   */
  async function call<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await pacer.run(request);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeRateLimitError && attempt < rateLimitRequeues) continue;
        throw error;
      }
    }
  }

  // Stripe Customers per user, for saving a card. Nothing new is stored in our database: the
  // idempotency key makes a repeated create (within Stripe's 24 hours) return the same customer,
  // and this map saves the round trip after the first one.
  const customerOfUser = new Map<string, Promise<string>>();
  const userOfCustomer = new Map<string, string>();

  function customerFor(user: { userId: string; email: string }): Promise<string> {
    let customer = customerOfUser.get(user.userId);
    if (!customer) {
      const params: Stripe.CustomerCreateParams = { email: user.email, metadata: { user_id: user.userId } };
      const create = (idempotencyKey: string) => call(() => stripe.customers.create(params, { idempotencyKey }));
      customer = create(`customer:${user.userId}`)
        .catch((error: unknown) => {
          // The same key with other parameters (the email changed since) is refused by Stripe: make
          // the key follow the parameters then, so a repeat still finds the same customer.
          if (!(error instanceof Stripe.errors.StripeIdempotencyError)) throw error;
          const digest = crypto.createHash('sha256').update(user.email).digest('base64url').slice(0, 16);
          return create(`customer:${user.userId}:${digest}`);
        })
        .then((c) => {
          userOfCustomer.set(c.id, user.userId);
          return c.id;
        });
      customerOfUser.set(user.userId, customer);
      customer.catch(() => customerOfUser.delete(user.userId)); // a failure is not remembered
    }
    return customer;
  }

  async function userOf(customer: string | Stripe.Customer | Stripe.DeletedCustomer): Promise<string | null> {
    if (typeof customer !== 'string') return customer.deleted ? null : (customer.metadata.user_id ?? null);
    const known = userOfCustomer.get(customer);
    if (known) return known;
    const fetched = await call(() => stripe.customers.retrieve(customer));
    const userId = fetched.deleted ? null : (fetched.metadata.user_id ?? null);
    if (userId) userOfCustomer.set(customer, userId);
    return userId;
  }

  /** The card a shopper asked to keep, from a succeeded intent; undefined when there is none to keep. */
  async function savedMethodOf(pi: Stripe.PaymentIntent): Promise<PaymentEvent['savedMethod']> {
    if (!pi.setup_future_usage || !pi.customer || !pi.payment_method) return undefined;
    const userId = await userOf(pi.customer);
    if (!userId) return undefined;
    const method = pi.payment_method;
    const pm = typeof method === 'string' ? await call(() => stripe.paymentMethods.retrieve(method)) : method;
    // Only cards can be paid with again in one tap; wallets and bank methods are not offered.
    if (!pm.card) return undefined;
    return {
      userId,
      customerRef: typeof pi.customer === 'string' ? pi.customer : pi.customer.id,
      methodRef: pm.id,
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
    };
  }

  function paymentRefOf(charge: Stripe.Charge): string | null {
    const pi = charge.payment_intent;
    return typeof pi === 'string' ? pi : (pi?.id ?? null);
  }

  const provider: PaymentProvider = {
    name: 'stripe',
    publishableKey: config.publishableKey,

    async createPayment(input: CreatePaymentInput) {
      const params: Stripe.PaymentIntentCreateParams = {
        // Money is already in the currency's minor unit (JPY has none), which is what Stripe expects.
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        metadata: { order_id: input.orderId },
      };
      if (input.useSaved) {
        applySavedMethod(params, input.useSaved);
      } else if (input.customer && input.saveMethod) {
        params.customer = await customerFor(input.customer);
        params.setup_future_usage = 'off_session';
      }
      let pi: Stripe.PaymentIntent;
      try {
        pi = await call(() => stripe.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey }));
      } catch (error) {
        // A one-tap payment is confirmed at once: a declined saved card is the shopper's news, not an outage.
        if (error instanceof Stripe.errors.StripeCardError) throw new DomainError('PAYMENT_DECLINED', error.message);
        throw error;
      }
      return { ref: pi.id, clientSecret: pi.client_secret };
    },

    async clientSecretOf(ref: string) {
      const pi = await call(() => stripe.paymentIntents.retrieve(ref));
      return pi.client_secret;
    },

    async cancelPayment(ref: string, idempotencyKey: string) {
      try {
        await call(() => stripe.paymentIntents.cancel(ref, {}, { idempotencyKey }));
      } catch (error) {
        // Already cancelled, or succeeded meanwhile: nothing to cancel. A late success arrives as
        // its own event, which revives or refunds the order (order-state.ts).
        if (isStripeError(error, 'payment_intent_unexpected_state')) return;
        throw error;
      }
    },

    async refundPayment(ref: string, idempotencyKey: string) {
      try {
        await call(() => stripe.refunds.create({ payment_intent: ref }, { idempotencyKey }));
      } catch (error) {
        if (isStripeError(error, 'charge_already_refunded')) return;
        throw error;
      }
    },
  };

  return {
    provider,

    async parseWebhook(raw: Buffer, signature: string | undefined): Promise<PaymentEvent | null> {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(raw, signature ?? '', config.webhookSecret, signatureToleranceSeconds);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new DomainError('BAD_SIGNATURE', 'The Stripe signature is missing, wrong or too old');
        }
        // Signed correctly but not an event we can read (not JSON, or a thin v2 notification).
        throw new DomainError('BAD_REQUEST', 'The webhook body is not a Stripe event');
      }
      if (!event || typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.data?.object !== 'object' || event.data.object === null) {
        throw new DomainError('BAD_REQUEST', 'The webhook body is not a Stripe event');
      }
      const base = { provider: 'stripe' as const, id: event.id, occurredAt: new Date(event.created * 1000) };
      switch (event.type) {
        case 'payment_intent.succeeded': {
          const pi = event.data.object;
          const savedMethod = await savedMethodOf(pi);
          return { ...base, type: 'payment.succeeded', paymentRef: pi.id, orderId: pi.metadata?.order_id ?? null, ...(savedMethod ? { savedMethod } : {}) };
        }
        case 'payment_intent.payment_failed': {
          const pi = event.data.object;
          const failureMessage = pi.last_payment_error?.message;
          return { ...base, type: 'payment.failed', paymentRef: pi.id, orderId: pi.metadata?.order_id ?? null, ...(failureMessage ? { failureMessage } : {}) };
        }
        case 'payment_intent.canceled': {
          const pi = event.data.object;
          return { ...base, type: 'payment.cancelled', paymentRef: pi.id, orderId: pi.metadata?.order_id ?? null };
        }
        case 'charge.refunded': {
          const charge = event.data.object;
          const paymentRef = paymentRefOf(charge);
          // Stripe sends charge.refunded for partial refunds too; only a full refund refunds the order.
          if (!paymentRef || !charge.refunded) return null;
          return { ...base, type: 'payment.refunded', paymentRef, orderId: charge.metadata?.order_id ?? null };
        }
        default:
          return null;
      }
    },
  };
}

/**
 * One-tap buying: pay at once with the saved card, the shopper present. Confirming on the server
 * needs redirect-based methods switched off (there is no return URL); a card that asks for 3-D
 * Secure still works, through the client secret and Stripe.js's handleNextAction.
 */
function applySavedMethod(params: Stripe.PaymentIntentCreateParams, saved: SavedMethodRef): void {
  params.customer = saved.customerRef;
  params.payment_method = saved.methodRef;
  params.confirm = true;
  params.off_session = false;
  params.automatic_payment_methods = { enabled: true, allow_redirects: 'never' };
}
