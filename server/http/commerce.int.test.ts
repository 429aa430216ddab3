// The commerce core through the real HTTP server, on each database backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testAddress, testBackends, testCard, type TestServer } from '../test/harness';

const key = () => `test-${crypto.randomUUID()}`;

describe.each(testBackends)('commerce on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports its backends in /api/health', async () => {
    const res = await server.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, database: backend, payments: 'demo', media: 'local' });
  });

  it('lists, filters, searches and pages the seeded catalog', async () => {
    const c = server.client();
    const all = await c.get('/api/products?pageSize=60');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(12);
    expect(new Set(all.body.items.map((p: { category: string }) => p.category)).size).toBeGreaterThanOrEqual(10);
    const eyewear = await c.get('/api/products?category=eyewear');
    expect(eyewear.body.items.every((p: { category: string }) => p.category === 'eyewear')).toBe(true);
    expect(eyewear.body.total).toBe(2);
    const search = await c.get('/api/products?q=' + encodeURIComponent('マグ'));
    expect(search.body.items.map((p: { id: string }) => p.id)).toEqual(['ceramic-mug']);
    const page2 = await c.get('/api/products?pageSize=5&page=2');
    expect(page2.body.items).toHaveLength(5);
    expect(page2.body.items[0].id).toBe(all.body.items[5].id);
    const detail = await c.get('/api/products/field-watch');
    expect(detail.body.variants.length).toBe(3);
    expect(detail.body.variants[0]).toMatchObject({ price: { amount: 24200, currency: 'JPY' }, available: 15 });
    expect(detail.body.name.ja).toBe('フィールドウォッチ');
    expect((await c.get('/api/products/nope')).status).toBe(404);
  });

  it('prices the cart on the server and ignores a client price', async () => {
    const c = server.client();
    const sent = await c.post('/api/cart/lines', { variantId: 'ceramic-mug-white', quantity: 2, price: 1 });
    expect(sent.status).toBe(400); // unknown field
    const ok = await c.post('/api/cart/lines', { variantId: 'ceramic-mug-white', quantity: 2 });
    expect(ok.status).toBe(201);
    expect(ok.body.totals).toEqual({
      subtotal: { amount: 4400, currency: 'JPY' },
      discount: { amount: 0, currency: 'JPY' },
      shipping: { amount: 600, currency: 'JPY' },
      total: { amount: 5000, currency: 'JPY' },
    });
    const line = ok.body.lines[0];
    const updated = await c.patch(`/api/cart/lines/${line.id}`, { quantity: 3 });
    expect(updated.body.totals.subtotal.amount).toBe(6600);
    expect(updated.body.totals.shipping.amount).toBe(0);
    const discounted = await c.post('/api/cart/discount', { code: 'welcome10' });
    expect(discounted.status).toBe(200);
    expect(discounted.body.totals.discount.amount).toBe(660);
    expect(discounted.body.totals.total.amount).toBe(5940);
    const bad = await c.post('/api/cart/discount', { code: 'NOPE' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('DISCOUNT_INVALID');
    const removed = await c.delete(`/api/cart/lines/${line.id}`);
    expect(removed.body.lines).toHaveLength(0);
  });

  it('never shows one shopper the cart line or order of another', async () => {
    const alice = server.client();
    const bob = server.client();
    const cart = await alice.post('/api/cart/lines', { variantId: 'smart-speaker-sand', quantity: 1 });
    const lineId = cart.body.lines[0].id;
    expect((await bob.patch(`/api/cart/lines/${lineId}`, { quantity: 5 })).status).toBe(404);
    expect((await bob.delete(`/api/cart/lines/${lineId}`)).status).toBe(404);
    expect((await bob.get('/api/cart')).body.lines).toHaveLength(0);
    const checkout = await alice.post('/api/checkout', { address: testAddress }, { 'Idempotency-Key': key() });
    expect(checkout.status).toBe(201);
    const orderId = checkout.body.order.id;
    expect((await bob.get(`/api/orders/${orderId}`)).status).toBe(404);
    expect((await bob.post(`/api/orders/${orderId}/cancel`)).status).toBe(404);
    expect((await bob.post('/api/payments/demo/confirm', { orderId, card: testCard })).status).toBe(404);
    expect((await bob.get('/api/orders')).body.items).toHaveLength(0);
    expect((await alice.get(`/api/orders/${orderId}`)).status).toBe(200);
  });

  it('checks out a cart, pays with the demo provider, sells the stock and empties the cart', async () => {
    const c = server.client();
    const before = await c.get('/api/products/pour-over-kettle');
    const onHand = before.body.variants[1].available;
    await c.post('/api/cart/lines', { variantId: 'pour-over-kettle-copper', quantity: 2 });
    const idem = key();
    const checkout = await c.post('/api/checkout', { address: testAddress }, { 'Idempotency-Key': idem });
    expect(checkout.status).toBe(201);
    expect(checkout.body.order.status).toBe('pending');
    expect(checkout.body.order.totals.total.amount).toBe(13_200);
    expect(checkout.body.payment).toEqual({ provider: 'demo', clientSecret: null, publishableKey: null });
    // Reserved: no longer available to others, not yet sold.
    expect((await c.get('/api/products/pour-over-kettle')).body.variants[1].available).toBe(onHand - 2);
    // The same key replays the same order rather than buying twice.
    const replay = await c.post('/api/checkout', { address: testAddress }, { 'Idempotency-Key': idem });
    expect(replay.status).toBe(201);
    expect(replay.body.order.id).toBe(checkout.body.order.id);
    expect((await c.get('/api/products/pour-over-kettle')).body.variants[1].available).toBe(onHand - 2);
    const mismatch = await c.post('/api/checkout', { address: { ...testAddress, city: 'Osaka' } }, { 'Idempotency-Key': idem });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.code).toBe('IDEMPOTENCY_MISMATCH');

    const declined = await c.post('/api/payments/demo/confirm', { orderId: checkout.body.order.id, card: { ...testCard, number: '4000 0000 0000 0002' } });
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe('PAYMENT_DECLINED');
    const afterDecline = await c.get(`/api/orders/${checkout.body.order.id}`);
    expect(afterDecline.body).toMatchObject({ status: 'pending', paymentError: 'Your card was declined.' });

    const paid = await c.post('/api/payments/demo/confirm', { orderId: checkout.body.order.id, card: testCard });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    expect((await c.get('/api/cart')).body.lines).toHaveLength(0);
    expect((await c.get('/api/products/pour-over-kettle')).body.variants[1].available).toBe(onHand - 2);
    const again = await c.post('/api/payments/demo/confirm', { orderId: checkout.body.order.id, card: testCard });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE');
    const list = await c.get('/api/orders');
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(checkout.body.order.id);
  });

  it('releases the hold when a shopper cancels a pending order', async () => {
    const c = server.client();
    const available = async () => (await c.get('/api/products/bucket-hat')).body.variants[0].available;
    const start = await available();
    const checkout = await c.post('/api/checkout', { items: [{ variantId: 'bucket-hat-olive-m', quantity: 3 }], address: testAddress }, { 'Idempotency-Key': key() });
    expect(await available()).toBe(start - 3);
    const cancelled = await c.post(`/api/orders/${checkout.body.order.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await available()).toBe(start);
    const twice = await c.post(`/api/orders/${checkout.body.order.id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('answers SOLD_OUT and INSUFFICIENT_STOCK and never oversells under concurrency', async () => {
    await server.services.inventory.setStock('signet-ring-15', 3);
    const buyers = Array.from({ length: 25 }, () => server.client());
    const results = await Promise.all(
      buyers.map((b) => b.post('/api/checkout', { items: [{ variantId: 'signet-ring-15', quantity: 1 }], address: testAddress }, { 'Idempotency-Key': key() })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers.every((r) => r.status === 409 && r.body.error.code === 'SOLD_OUT')).toBe(true);
    const product = await server.client().get('/api/products/signet-ring');
    expect(product.body.variants.find((v: { id: string }) => v.id === 'signet-ring-15').available).toBe(0);
    await server.services.inventory.setStock('signet-ring-13', 2);
    const tooMany = await server.client().post('/api/checkout', { items: [{ variantId: 'signet-ring-13', quantity: 3 }], address: testAddress }, { 'Idempotency-Key': key() });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { available: 2 } });
  });

  it('requires an idempotency key and an address', async () => {
    const c = server.client();
    const noKey = await c.post('/api/checkout', { items: [{ variantId: 'ceramic-mug-white', quantity: 1 }], address: testAddress });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const noAddress = await c.post('/api/checkout', { items: [{ variantId: 'ceramic-mug-white', quantity: 1 }] }, { 'Idempotency-Key': key() });
    expect(noAddress.status).toBe(400);
    const empty = await c.post('/api/checkout', { address: testAddress }, { 'Idempotency-Key': key() });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('CART_EMPTY');
  });

  it('lets a returning shopper buy in one tap with a saved card and address', async () => {
    const c = server.client();
    const reg = await c.post('/api/auth/register', { email: `tap-${backend}@example.com`, password: 'correct horse', displayName: 'Tap' });
    expect(reg.status).toBe(201);
    await c.put('/api/account/address', testAddress);
    const first = await c.post('/api/checkout', { items: [{ variantId: 'velvet-lipstick-ruby', quantity: 1 }], useSavedAddress: true }, { 'Idempotency-Key': key() });
    expect(first.status).toBe(201);
    const noSaved = await c.post('/api/checkout', { items: [{ variantId: 'velvet-lipstick-ruby', quantity: 1 }], useSavedAddress: true, useSavedPaymentMethod: true }, { 'Idempotency-Key': key() });
    expect(noSaved.body.error.code).toBe('NO_SAVED_PAYMENT_METHOD');
    await c.post('/api/payments/demo/confirm', { orderId: first.body.order.id, card: testCard, saveCard: true });
    const me = await c.get('/api/me');
    expect(me.body.savedPaymentMethod).toMatchObject({ provider: 'demo', brand: 'visa', last4: '4242' });
    const oneTap = await c.post('/api/checkout', { items: [{ variantId: 'velvet-lipstick-coral', quantity: 1 }], useSavedAddress: true, useSavedPaymentMethod: true }, { 'Idempotency-Key': key() });
    expect(oneTap.status).toBe(201);
    expect(oneTap.body.order.status).toBe('paid');
  });
});

describe.each(testBackends)('resuming a payment on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives the buyer the payment session of a pending order, and nobody else', async () => {
    const buyer = server.client();
    const checkout = await buyer.post('/api/checkout', { items: [{ variantId: 'ceramic-mug-celadon', quantity: 1 }], address: testAddress }, { 'Idempotency-Key': key() });
    const id = checkout.body.order.id;
    const session = await buyer.get(`/api/orders/${id}/payment`);
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ provider: 'demo', clientSecret: null, publishableKey: null });
    expect((await server.client().get(`/api/orders/${id}/payment`)).status).toBe(404);
    await buyer.post('/api/payments/demo/confirm', { orderId: id, card: testCard });
    const paid = await buyer.get(`/api/orders/${id}/payment`);
    expect(paid.status).toBe(409);
    expect(paid.body.error.code).toBe('ORDER_NOT_PAYABLE');
  });
});
