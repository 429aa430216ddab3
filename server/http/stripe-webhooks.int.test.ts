// Stripe webhooks through the real server, on each database backend: the server talks to the local
// Stripe double through the real SDK, and events are signed with the SDK's own helper. Deliveries
// come twice, late, shuffled and before their order; each must take effect exactly once.
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paymentEvents, stock } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer } from '../test/harness';
import { startStripeDouble, type StripeDouble } from '../test/stripe-double';

const webhookSecret = 'whsec_x';
const variantId = 'ceramic-mug-indigo';
const address = { name: 'A', postalCode: '100-0001', region: 'Tokyo', city: 'Chiyoda', line1: '1-1', phone: '0312345678' };
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(testBackends)('Stripe webhooks on %s', (backend) => {
  let double: StripeDouble;
  let server: TestServer;

  beforeAll(async () => {
    // The double's own limit is out of the way here: these tests are about webhooks, not pacing.
    double = await startStripeDouble({ ratePerSecond: 1000 });
    server = await startTestServer({
      backend,
      env: {
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
        STRIPE_API_BASE: double.url,
      },
    });
  });
  afterEach(() => {
    double.onIntentCreated = null;
  });
  afterAll(async () => {
    await server?.close();
    await double?.close();
  });

  /** Posts an event as Stripe would: the raw JSON body, signed `ageSeconds` ago. */
  async function deliver(event: object | string, options: { ageSeconds?: number; secret?: string; signature?: string | null } = {}) {
    const payload = typeof event === 'string' ? event : JSON.stringify(event);
    const signature =
      options.signature !== undefined
        ? options.signature
        : Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? webhookSecret, timestamp: nowSeconds() - (options.ageSeconds ?? 0) });
    return server.client().post('/api/webhooks/stripe', payload, {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    });
  }

  async function checkout(shopper: TestClient) {
    const res = await shopper.post('/api/checkout', { items: [{ variantId, quantity: 1 }], address }, { 'Idempotency-Key': `key-${crypto.randomUUID()}` });
    expect(res.status).toBe(201);
    const orderId: string = res.body.order.id;
    const intent = [...double.intents.values()].find((pi) => pi.metadata.order_id === orderId);
    expect(intent).toBeDefined();
    return { res, orderId, ref: intent!.id };
  }

  async function stockNow() {
    const [row] = await server.services.database.db.select().from(stock).where(eq(stock.variantId, variantId));
    const product = await server.client().get('/api/products/ceramic-mug');
    const available: number = product.body.variants.find((v: { id: string }) => v.id === variantId).available;
    return { onHand: row!.onHand, reserved: row!.reserved, available };
  }

  const statusOf = async (shopper: TestClient, orderId: string) => {
    const res = await shopper.get(`/api/orders/${orderId}`);
    expect(res.status).toBe(200);
    return res.body as { status: string; paymentError: string | null; paidAt: string | null };
  };

  it('checks out with a Stripe client secret, and a success delivered three times sells exactly one unit', async () => {
    expect((await server.client().get('/api/health')).body).toMatchObject({ payments: 'stripe', database: backend });
    const before = await stockNow();
    const shopper = server.client();
    const { res, orderId, ref } = await checkout(shopper);
    expect(res.body.order.status).toBe('pending');
    expect(res.body.payment).toEqual({ provider: 'stripe', clientSecret: double.intents.get(ref)!.client_secret, publishableKey: 'pk_test_x' });
    expect(double.intents.get(ref)).toMatchObject({ amount: res.body.order.totals.total.amount, currency: 'jpy' });
    expect(await stockNow()).toEqual({ onHand: before.onHand, reserved: before.reserved + 1, available: before.available - 1 });

    const succeeded = double.succeed(ref);
    // Two deliveries at once (Stripe retries while the first is still being handled), then a late one.
    const concurrent = await Promise.all([deliver(succeeded), deliver(succeeded)]);
    const late = await deliver(succeeded);
    for (const r of [...concurrent, late]) expect(r.status).toBe(200);
    expect([...concurrent, late].map((r) => r.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate']);

    expect((await statusOf(shopper, orderId)).status).toBe('paid');
    expect(await stockNow()).toEqual({ onHand: before.onHand - 1, reserved: before.reserved, available: before.available - 1 });
  });

  it('records a failure, then a success pays, and an older failure delivered late does not undo it', async () => {
    const before = await stockNow();
    const shopper = server.client();
    const { orderId, ref } = await checkout(shopper);
    const t = nowSeconds();
    const declined = double.fail(ref, 'Your card was declined.', { created: t - 20 });
    const insufficient = double.fail(ref, 'Your card has insufficient funds.', { created: t - 10 });
    const succeeded = double.succeed(ref, { created: t });

    expect((await deliver(declined)).body.outcome).toBe('applied');
    expect(await statusOf(shopper, orderId)).toMatchObject({ status: 'pending', paymentError: 'Your card was declined.' });
    expect((await deliver(succeeded)).body.outcome).toBe('applied');
    expect((await deliver(insufficient)).body.outcome).toBe('applied'); // stored and applied: as "already paid"
    const order = await statusOf(shopper, orderId);
    expect(order).toMatchObject({ status: 'paid', paymentError: null });
    expect(order.paidAt).not.toBeNull();
    expect(await stockNow()).toEqual({ onHand: before.onHand - 1, reserved: before.reserved, available: before.available - 1 });
    const [late] = await server.services.database.db.select().from(paymentEvents).where(eq(paymentEvents.eventId, insufficient.id));
    expect(late).toMatchObject({ orderId, outcome: 'ignored: already paid' });
  });

  it('ends refunded whatever order success, failure and refund are delivered in, duplicates included', async () => {
    const before = await stockNow();
    const shopper = server.client();
    const { orderId, ref } = await checkout(shopper);
    const t = nowSeconds();
    const failed = double.fail(ref, 'Your card was declined.', { created: t - 2 });
    const succeeded = double.succeed(ref, { created: t - 1 });
    await server.services.payments.provider.refundPayment(ref, `refund:${ref}`); // the shop's refund, through the double
    const refunded = double.lastEvent('charge.refunded', ref)!;

    const outcomes = [];
    for (const event of [refunded, failed, succeeded, refunded, succeeded, failed]) outcomes.push((await deliver(event)).body.outcome);
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'duplicate', 'duplicate', 'duplicate']);
    expect((await statusOf(shopper, orderId)).status).toBe('refunded');
    // The refund reached an order that was still pending here: its hold went back to stock, and the
    // success that came after it found the order refunded and sold nothing. Nothing is held or sold twice.
    expect(await stockNow()).toEqual(before);
  });

  it('keeps events that arrive before their order, and applies them in Stripe order once it exists', async () => {
    const before = await stockNow();
    const ref = `pi_early_${crypto.randomUUID().replaceAll('-', '')}`;
    const t = nowSeconds();
    // The intent as Stripe would describe it; the order it belongs to does not exist yet.
    const intent = { id: ref, object: 'payment_intent', amount: 2800, currency: 'jpy', metadata: {}, customer: null, setup_future_usage: null };
    const failed = double.event('payment_intent.payment_failed', { ...intent, status: 'requires_payment_method', last_payment_error: { message: 'Your card was declined.' } }, t - 3);
    const succeeded = double.event('payment_intent.succeeded', { ...intent, status: 'succeeded', payment_method: 'pm_card_visa' }, t - 2);
    const refunded = double.event('charge.refunded', { id: `ch_${ref}`, object: 'charge', payment_intent: ref, refunded: true, metadata: {} }, t - 1);

    // Shuffled, and one twice: all are kept, none can be applied yet.
    const outcomes = [];
    for (const event of [refunded, succeeded, failed, succeeded]) outcomes.push((await deliver(event)).body.outcome);
    expect(outcomes).toEqual(['waiting', 'waiting', 'waiting', 'duplicate']);
    const waiting = await server.services.database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentRef, ref));
    expect(waiting).toHaveLength(3);
    expect(waiting.every((e) => e.appliedAt === null)).toBe(true);

    // Now the order is created, and Stripe gives its intent the id those events named.
    double.presetNextIntentId(ref);
    const shopper = server.client();
    const { res, orderId, ref: created } = await checkout(shopper);
    expect(created).toBe(ref);
    // Applied oldest first: failed (recorded), succeeded (sold), refunded.
    expect(res.body.order.status).toBe('refunded');
    expect((await statusOf(shopper, orderId)).status).toBe('refunded');
    expect(await stockNow()).toEqual({ onHand: before.onHand - 1, reserved: before.reserved, available: before.available - 1 });
    const applied = await server.services.database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentRef, ref));
    expect(Object.fromEntries(applied.map((e) => [e.type, e.outcome]))).toEqual({
      'payment.failed': 'record-failure',
      'payment.succeeded': 'mark-paid',
      'payment.refunded': 'mark-refunded',
    });
    expect((await deliver(succeeded)).body.outcome).toBe('duplicate');
  });

  it('applies a success that arrives before the checkout has stored its payment reference', async () => {
    const before = await stockNow();
    const deliveries: Array<Promise<Awaited<ReturnType<typeof deliver>>>> = [];
    double.onIntentCreated = async (pi) => {
      // Stripe's webhook beats the answer to the create call: the order row exists, its ref not yet.
      const delivery = deliver(double.event('payment_intent.succeeded', { ...pi, status: 'succeeded', payment_method: 'pm_card_visa' }));
      deliveries.push(delivery);
      await delivery;
    };
    const shopper = server.client();
    const { res, orderId } = await checkout(shopper);
    const [early] = await Promise.all(deliveries);
    expect(early).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(res.body.order.status).toBe('paid');
    expect((await statusOf(shopper, orderId)).status).toBe('paid');
    expect(await stockNow()).toEqual({ onHand: before.onHand - 1, reserved: before.reserved, available: before.available - 1 });
  });

  it('refuses a stale or wrong signature with 400 BAD_SIGNATURE and stores nothing', async () => {
    const shopper = server.client();
    const { orderId, ref } = await checkout(shopper);
    const succeeded = double.succeed(ref);
    for (const attempt of [{ ageSeconds: 301 }, { ageSeconds: 3600 }, { secret: 'whsec_not_ours' }, { signature: null }, { signature: 't=1,v1=deadbeef' }]) {
      const res = await deliver(succeeded, attempt);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body.error.code).toBe('BAD_SIGNATURE');
    }
    expect(await server.services.database.db.select().from(paymentEvents).where(eq(paymentEvents.eventId, succeeded.id))).toHaveLength(0);
    expect((await statusOf(shopper, orderId)).status).toBe('pending');
    // Nothing was kept: the same event, signed now, is new to the inbox.
    expect((await deliver(succeeded)).body.outcome).toBe('applied');
    expect((await statusOf(shopper, orderId)).status).toBe('paid');
  });

  it('answers a garbage body with a JSON 400, and an event type it does not use with 200', async () => {
    for (const [body, signature, code] of [
      ['{"not json', undefined, 'BAD_SIGNATURE'],
      ['', undefined, 'BAD_SIGNATURE'],
      ['{"not json', 'sign', 'BAD_REQUEST'],
      ['[1,2,3]', 'sign', 'BAD_REQUEST'],
    ] as const) {
      const res = signature ? await deliver(body) : await deliver(body, { signature: 't=1,v1=00' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body.error.code).toBe(code);
    }
    const ignored = await deliver(double.event('customer.updated', { id: 'cus_x', object: 'customer', metadata: {} }));
    expect(ignored).toMatchObject({ status: 200, body: { received: true, outcome: 'ignored' } });
  });
});
