// The Stripe adapter with the real `stripe` SDK against the local Stripe double (Stripe itself
// cannot be reached from here), and webhook signatures made with the SDK's own helper.
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors';
import type { CreatePaymentInput } from '../../domain/payments';
import { startStripeDouble, type StripeDouble } from '../../test/stripe-double';
import { createStripeProvider, type StripeConfig } from './stripe';

const webhookSecret = 'whsec_test_secret';

function configFor(double: StripeDouble, ratePerSecond = 25): StripeConfig {
  return { kind: 'stripe', secretKey: 'sk_test_x', webhookSecret, publishableKey: 'pk_test_x', apiBase: double.url, ratePerSecond };
}

const paymentInput = (orderId: string, over: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
  orderId,
  amount: 2800,
  currency: 'JPY',
  idempotencyKey: `order:${orderId}`,
  customer: null,
  saveMethod: false,
  useSaved: null,
  ...over,
});

/** Signs an event the way Stripe does, `ageSeconds` ago, with the SDK's helper. */
function signed(event: object | string, options: { secret?: string; ageSeconds?: number } = {}) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? webhookSecret,
    timestamp: Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0),
  });
  return { raw: Buffer.from(payload), header };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

describe('Stripe provider against the Stripe double', () => {
  let double: StripeDouble;
  beforeAll(async () => {
    // Functional tests run a few calls at a time; the rate tests below use doubles of their own.
    double = await startStripeDouble({ ratePerSecond: 1000 });
  });
  afterAll(async () => {
    await double.close();
  });

  it('creates a PaymentIntent with the idempotency key, and a retry returns the same intent', async () => {
    const { provider } = createStripeProvider(configFor(double, 200));
    const orderId = crypto.randomUUID();
    const first = await provider.createPayment(paymentInput(orderId));
    const sent = double.log.filter((r) => r.idempotencyKey === `order:${orderId}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      params: { amount: '2800', currency: 'jpy', automatic_payment_methods: { enabled: 'true' }, metadata: { order_id: orderId } },
    });
    expect(sent[0]!.params).not.toHaveProperty('customer');
    const intent = double.intents.get(first.ref)!;
    expect(first).toEqual({ ref: intent.id, clientSecret: intent.client_secret });
    expect(first.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);

    const intentsBefore = double.intents.size;
    const retried = await provider.createPayment(paymentInput(orderId));
    expect(retried).toEqual(first);
    expect(double.intents.size).toBe(intentsBefore); // replayed, not created again
    expect(double.log.filter((r) => r.idempotencyKey === `order:${orderId}`)).toHaveLength(2);

    // The double refuses the same key with other parameters, as Stripe does.
    await expect(provider.createPayment(paymentInput(orderId, { amount: 9999 }))).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(await provider.clientSecretOf(first.ref)).toBe(first.clientSecret);
  });

  it('cancels with an idempotency key and shrugs at intents that can no longer be cancelled', async () => {
    const { provider } = createStripeProvider(configFor(double, 200));
    const open = await provider.createPayment(paymentInput(crypto.randomUUID()));
    await provider.cancelPayment(open.ref, `cancel:${open.ref}`);
    expect(double.intents.get(open.ref)!.status).toBe('canceled');
    expect(double.log.at(-1)).toMatchObject({ path: `/v1/payment_intents/${open.ref}/cancel`, idempotencyKey: `cancel:${open.ref}`, status: 200 });
    expect(double.lastEvent('payment_intent.canceled', open.ref)).toBeDefined();
    await provider.cancelPayment(open.ref, `cancel-again:${open.ref}`); // already canceled: a 400 from Stripe, ignored
    expect(double.log.at(-1)!.status).toBe(400);

    const paid = await provider.createPayment(paymentInput(crypto.randomUUID()));
    double.succeed(paid.ref);
    await provider.cancelPayment(paid.ref, `cancel:${paid.ref}`); // succeeded meanwhile: ignored
    expect(double.intents.get(paid.ref)!.status).toBe('succeeded');
  });

  it('refunds a payment once, whatever the retries', async () => {
    const { provider } = createStripeProvider(configFor(double, 200));
    const paid = await provider.createPayment(paymentInput(crypto.randomUUID()));
    double.succeed(paid.ref);
    await provider.refundPayment(paid.ref, `refund:${paid.ref}`);
    await provider.refundPayment(paid.ref, `refund:${paid.ref}`); // replayed by key
    await provider.refundPayment(paid.ref, `refund-other:${paid.ref}`); // charge_already_refunded, ignored
    const refunds = double.log.filter((r) => r.path === '/v1/refunds' && r.params.payment_intent === paid.ref);
    expect(refunds.map((r) => [r.idempotencyKey, r.status])).toEqual([
      [`refund:${paid.ref}`, 200],
      [`refund:${paid.ref}`, 200],
      [`refund-other:${paid.ref}`, 400],
    ]);
    expect(double.events.filter((e) => e.type === 'charge.refunded' && (e.data.object as Stripe.Charge).payment_intent === paid.ref)).toHaveLength(1);

    const unpaid = await provider.createPayment(paymentInput(crypto.randomUUID()));
    await expect(provider.refundPayment(unpaid.ref, `refund:${unpaid.ref}`)).rejects.toMatchObject({ code: 'charge_not_refundable' });
  });

  it('saves a card to one Stripe customer per user and reports it on success', async () => {
    const stripe = createStripeProvider(configFor(double, 200));
    const user = { userId: crypto.randomUUID(), email: 'hanako@example.jp' };
    const a = await stripe.provider.createPayment(paymentInput(crypto.randomUUID(), { customer: user, saveMethod: true }));
    const b = await stripe.provider.createPayment(paymentInput(crypto.randomUUID(), { customer: user, saveMethod: true }));
    const customerCalls = double.log.filter((r) => r.path === '/v1/customers' && r.idempotencyKey === `customer:${user.userId}`);
    expect(customerCalls).toHaveLength(1); // the second payment reused the known customer
    expect(customerCalls[0]!.params).toEqual({ email: user.email, metadata: { user_id: user.userId } });
    const customerId = double.intents.get(a.ref)!.customer as string;
    expect(customerId).toMatch(/^cus_/);
    expect(double.intents.get(b.ref)!.customer).toBe(customerId);
    expect(double.intents.get(a.ref)!.setup_future_usage).toBe('off_session');

    const event = double.succeed(a.ref, { paymentMethod: 'pm_card_jcb' });
    const { raw, header } = signed(event);
    const expected = {
      userId: user.userId,
      customerRef: customerId,
      methodRef: 'pm_card_jcb',
      brand: 'jcb',
      last4: '0000',
      expMonth: 12,
      expYear: new Date().getFullYear() + 3,
    };
    expect((await stripe.parseWebhook(raw, header))?.savedMethod).toEqual(expected);
    expect(double.log.at(-1)).toMatchObject({ method: 'GET', path: '/v1/payment_methods/pm_card_jcb' });

    // Another server (or this one after a restart) does not know the customer: it asks Stripe.
    const other = createStripeProvider(configFor(double, 200));
    expect((await other.parseWebhook(raw, header))?.savedMethod).toEqual(expected);
    expect(double.log.some((r) => r.method === 'GET' && r.path === `/v1/customers/${customerId}`)).toBe(true);

    // A payment that did not ask to keep the card reports none.
    const plain = await stripe.provider.createPayment(paymentInput(crypto.randomUUID()));
    const plainEvent = signed(double.succeed(plain.ref));
    expect(await stripe.parseWebhook(plainEvent.raw, plainEvent.header)).not.toHaveProperty('savedMethod');
  });

  it('pays at once with a saved card (one tap) and still hands back the client secret', async () => {
    const { provider } = createStripeProvider(configFor(double, 200));
    const user = { userId: crypto.randomUUID(), email: 'taro@example.jp' };
    const first = await provider.createPayment(paymentInput(crypto.randomUUID(), { customer: user, saveMethod: true }));
    double.succeed(first.ref);
    const customerRef = double.intents.get(first.ref)!.customer as string;
    const saved = { customerRef, methodRef: 'pm_card_visa', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 };

    const orderId = crypto.randomUUID();
    const oneTap = await provider.createPayment(paymentInput(orderId, { customer: user, useSaved: saved }));
    const sent = double.log.find((r) => r.idempotencyKey === `order:${orderId}`)!;
    expect(sent.params).toMatchObject({
      customer: customerRef,
      payment_method: 'pm_card_visa',
      confirm: 'true',
      off_session: 'false',
      automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' },
      metadata: { order_id: orderId },
    });
    expect(double.intents.get(oneTap.ref)!.status).toBe('succeeded');
    expect(oneTap.clientSecret).toBe(double.intents.get(oneTap.ref)!.client_secret);

    // A card that needs 3-D Secure: the intent waits for the shopper, who has the client secret.
    double.attachPaymentMethod('pm_card_authenticationRequired', customerRef);
    const challenged = await provider.createPayment(paymentInput(crypto.randomUUID(), { useSaved: { ...saved, methodRef: 'pm_card_authenticationRequired' } }));
    expect(double.intents.get(challenged.ref)!.status).toBe('requires_action');
    expect(challenged.clientSecret).toMatch(/_secret_/);

    // A declined saved card is the shopper's news, not an outage.
    double.attachPaymentMethod('pm_card_chargeDeclined', customerRef);
    expect(await codeOf(provider.createPayment(paymentInput(crypto.randomUUID(), { useSaved: { ...saved, methodRef: 'pm_card_chargeDeclined' } })))).toBe('PAYMENT_DECLINED');
  });

  describe('webhooks', () => {
    let stripe: ReturnType<typeof createStripeProvider>;
    let ref: string;
    let orderId: string;
    beforeAll(async () => {
      stripe = createStripeProvider(configFor(double, 200));
      orderId = crypto.randomUUID();
      ref = (await stripe.provider.createPayment(paymentInput(orderId))).ref;
    });

    it('accepts a valid signature and normalises the event', async () => {
      const event = double.succeed(ref, { created: 1_760_000_000 });
      const { raw, header } = signed(event);
      expect(await stripe.parseWebhook(raw, header)).toEqual({
        provider: 'stripe',
        id: event.id,
        type: 'payment.succeeded',
        paymentRef: ref,
        orderId,
        occurredAt: new Date(1_760_000_000 * 1000),
      });
    });

    it('maps failures, cancellations and full refunds like the demo provider does', async () => {
      const other = await stripe.provider.createPayment(paymentInput(crypto.randomUUID()));
      const failed = signed(double.fail(other.ref, 'Your card has insufficient funds.'));
      expect(await stripe.parseWebhook(failed.raw, failed.header)).toMatchObject({ type: 'payment.failed', paymentRef: other.ref, failureMessage: 'Your card has insufficient funds.' });

      await stripe.provider.cancelPayment(other.ref, `cancel:${other.ref}`);
      const cancelled = signed(double.lastEvent('payment_intent.canceled', other.ref)!);
      expect(await stripe.parseWebhook(cancelled.raw, cancelled.header)).toMatchObject({ type: 'payment.cancelled', paymentRef: other.ref });

      await stripe.provider.refundPayment(ref, `refund:${ref}`);
      const refundEvent = double.lastEvent('charge.refunded', ref)!;
      const refunded = signed(refundEvent);
      expect(await stripe.parseWebhook(refunded.raw, refunded.header)).toEqual({
        provider: 'stripe',
        id: refundEvent.id,
        type: 'payment.refunded',
        paymentRef: ref,
        orderId,
        occurredAt: new Date(refundEvent.created * 1000),
      });

      // A partial refund (made in the dashboard) leaves the order as it is.
      const partial = double.event('charge.refunded', { ...(refundEvent.data.object as object), refunded: false, amount_refunded: 100 });
      const partialSigned = signed(partial);
      expect(await stripe.parseWebhook(partialSigned.raw, partialSigned.header)).toBeNull();
    });

    it('rejects a wrong secret, a stale timestamp, a missing signature and a changed body', async () => {
      const event = double.event('payment_intent.succeeded', double.intents.get(ref)!);
      const wrong = signed(event, { secret: 'whsec_someone_else' });
      expect(await codeOf(stripe.parseWebhook(wrong.raw, wrong.header))).toBe('BAD_SIGNATURE');
      const stale = signed(event, { ageSeconds: 301 });
      expect(await codeOf(stripe.parseWebhook(stale.raw, stale.header))).toBe('BAD_SIGNATURE');
      const fresh = signed(event, { ageSeconds: 240 }); // inside the 300 s tolerance
      expect(await stripe.parseWebhook(fresh.raw, fresh.header)).toMatchObject({ id: event.id });
      expect(await codeOf(stripe.parseWebhook(fresh.raw, undefined))).toBe('BAD_SIGNATURE');
      const changed = Buffer.from(fresh.raw.toString().replace('"succeeded"', '"canceled"'));
      expect(await codeOf(stripe.parseWebhook(changed, fresh.header))).toBe('BAD_SIGNATURE');
      expect(await codeOf(stripe.parseWebhook(Buffer.alloc(0), fresh.header))).toBe('BAD_SIGNATURE');
    });

    it('acknowledges event types it does not act on with null, and refuses a signed non-event', async () => {
      const unknown = signed(double.event('customer.created', { id: 'cus_123', object: 'customer', metadata: {} }));
      expect(await stripe.parseWebhook(unknown.raw, unknown.header)).toBeNull();
      const garbage = signed('this is not JSON');
      expect(await codeOf(stripe.parseWebhook(garbage.raw, garbage.header))).toBe('BAD_REQUEST');
      const notAnEvent = signed({ hello: 'world' });
      expect(await codeOf(stripe.parseWebhook(notAnEvent.raw, notAnEvent.header))).toBe('BAD_REQUEST');
    });
  });
});

describe('pacing against Stripe-like rate limits', () => {
  const doubles: StripeDouble[] = [];
  afterEach(async () => {
    await Promise.all(doubles.splice(0).map((d) => d.close()));
  });

  it('the double answers 429 to a burst of 60 sent without pacing', async () => {
    const double = await startStripeDouble({ ratePerSecond: 25 });
    doubles.push(double);
    const url = new URL(double.url);
    const bare = new Stripe('sk_test_x', { host: url.hostname, port: url.port, protocol: 'http', maxNetworkRetries: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => bare.paymentIntents.create({ amount: 1000 + i, currency: 'jpy', metadata: { order_id: `bare-${i}` } })),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(double.counts.rateLimited).toBeGreaterThan(0);
    expect(refused.length).toBe(double.counts.rateLimited);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(results.length - refused.length).toBeLessThanOrEqual(25);
  });

  it('the paced provider sends the same burst of 60 with no 429 at all', async () => {
    const double = await startStripeDouble({ ratePerSecond: 25 });
    doubles.push(double);
    const { provider } = createStripeProvider(configFor(double, 25));
    const created = await Promise.all(Array.from({ length: 60 }, (_, i) => provider.createPayment(paymentInput(crypto.randomUUID(), { amount: 1000 + i }))));
    expect(new Set(created.map((c) => c.ref)).size).toBe(60);
    expect(double.counts).toEqual({ requests: 60, rateLimited: 0 });
  });
});
