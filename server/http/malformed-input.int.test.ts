// Malformed input to every route: each answer is a JSON 4xx with { error: { code, message } },
// never a 5xx (the harness also fails the run when the server logs an internal error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../common/errors';
import { startTestServer, testAddress, testBackends, testCard, type TestClient, type TestResponse, type TestServer, signInDemo } from '../test/harness';

const key = () => `test-${crypto.randomUUID()}`;
const someUuid = '00000000-0000-4000-8000-000000000000';

function expectJsonError(res: TestResponse, status: number, code?: string) {
  const context = `${status} ${code ?? ''} but got ${res.status} ${JSON.stringify(res.body)}`;
  expect(res.status, context).toBe(status);
  expect(res.headers.get('content-type'), context).toMatch(/^application\/json/);
  expect(res.body, context).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(errorCodes, context).toContain(res.body.error.code);
  expect(res.body.error.message.length, context).toBeGreaterThan(0);
  if (code) expect(res.body.error.code, context).toBe(code);
  // No stack frames or internals in any error body.
  expect(JSON.stringify(res.body), context).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe.each(testBackends)('malformed input on %s', (backend) => {
  let server: TestServer;
  /** A signed-in shopper with a pending order of their own. */
  let shopper: TestClient;
  let pendingOrderId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    shopper = server.client();
    const reg = await shopper.post('/api/auth/register', { email: `malformed-${backend}@example.com`, password: 'correct horse', displayName: 'Mal' });
    expect(reg.status).toBe(201);
    const checkout = await shopper.post('/api/checkout', { items: [{ variantId: 'ceramic-mug-indigo', quantity: 1 }], address: testAddress }, { 'Idempotency-Key': key() });
    expect(checkout.status).toBe(201);
    pendingOrderId = checkout.body.order.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('GET /api/products', () => {
    it.each([
      ['page=0'],
      ['page=-1'],
      ['page=abc'],
      ['page='],
      ['page=1.5'],
      ['page=1&page=2'],
      ['pageSize=0'],
      ['pageSize=1000'],
      ['category=nope'],
      ['category=eyewear&category=hats'],
      ['sort=price'],
      ['page[]=1'],
      ['__proto__=x'],
      [`q=${'x'.repeat(101)}`],
    ])('?%s → 400 VALIDATION_FAILED', async (query) => {
      expectJsonError(await server.client().get(`/api/products?${query}`), 400, 'VALIDATION_FAILED');
    });

    it('treats search text as text, whatever characters it holds', async () => {
      for (const q of ['%', '_', '\\', "'; DROP TABLE products; --", '😀', '%25%5F']) {
        const res = await server.client().get(`/api/products?q=${encodeURIComponent(q)}`);
        expect(res.status, q).toBe(200);
        expect(res.body.items, q).toEqual([]);
      }
    });

    it('refuses a NUL character in a query instead of failing in the database', async () => {
      expectJsonError(await server.client().get('/api/products?q=a%00b'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /api/products/:id', () => {
    it.each([
      ['UPPER-CASE', 400],
      ['with space', 400],
      ['semi;colon', 400],
      ['x'.repeat(101), 400],
      ["'; DROP TABLE products; --", 400],
      ['%00', 400],
      ['%E0%A4%A', 400], // not decodable
      ['no-such-product', 404],
    ])('%s → %i', async (id, status) => {
      const path = id.includes('%') ? id : encodeURIComponent(id);
      expectJsonError(await server.client().get(`/api/products/${path}`), status);
    });
  });

  describe('POST /api/auth/register', () => {
    const valid = { email: 'new-user@example.com', password: 'long enough', displayName: 'New' };
    it.each([
      ['missing fields', {}],
      ['missing password', { email: 'a@example.com', displayName: 'A' }],
      ['email of the wrong type', { ...valid, email: 42 }],
      ['password of the wrong type', { ...valid, password: ['long enough'] }],
      ['unknown field', { ...valid, role: 'admin' }],
      ['bad email', { ...valid, email: 'not-an-email' }],
      ['email too long', { ...valid, email: `${'a'.repeat(250)}@example.com` }],
      ['short password', { ...valid, password: 'short' }],
      ['blank display name', { ...valid, displayName: '   ' }],
      ['display name too long', { ...valid, displayName: 'x'.repeat(51) }],
      ['display name with a NUL character', { ...valid, displayName: 'a\u0000b' }],
      ['an array body', [valid]],
    ])('%s → 400', async (_name, body) => {
      expectJsonError(await server.client().post('/api/auth/register', body), 400, 'VALIDATION_FAILED');
    });

    it('rejects a __proto__ field rather than ignoring it', async () => {
      const body = '{"email":"proto@example.com","password":"long enough","displayName":"P","__proto__":{"role":"admin"}}';
      expectJsonError(await server.client().post('/api/auth/register', body, { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /api/auth/login', () => {
    it.each([
      ['missing fields', {}],
      ['missing password', { email: 'a@example.com' }],
      ['wrong types', { email: 1, password: 2 }],
      ['unknown field', { email: 'a@example.com', password: 'x', remember: true }],
      ['bad email', { email: 'nope', password: 'whatever' }],
      ['empty password', { email: 'a@example.com', password: '' }],
      ['an email object that cannot become a string', { email: { toString: 1 }, password: 'whatever' }],
      ['an email object with a fake toLowerCase', { email: { toLowerCase: 'x' }, password: 'whatever' }],
      ['a null body', null],
    ])('%s → 400', async (_name, body) => {
      const res = body === null
        ? await server.client().post('/api/auth/login', 'null', { 'content-type': 'application/json' })
        : await server.client().post('/api/auth/login', body);
      expectJsonError(res, 400);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('signs out even with no session, and refuses a body that is not JSON', async () => {
      const c = server.client();
      const ok = await c.post('/api/auth/logout');
      expect(ok.status).toBe(200);
      expect(ok.body.user).toBeNull();
      expectJsonError(await c.post('/api/auth/logout', '{not json', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
      expectJsonError(await c.post('/api/auth/logout', 'bye', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('PUT /api/account/address', () => {
    it('needs a signed-in user before it reads the body', async () => {
      expectJsonError(await server.client().put('/api/account/address', { junk: true }), 401, 'UNAUTHENTICATED');
    });

    it.each([
      ['empty', {}],
      ['bad postal code', { ...testAddress, postalCode: '1' }],
      ['postal code with symbols', { ...testAddress, postalCode: '100<>0001' }],
      ['bad phone', { ...testAddress, phone: 'call me' }],
      ['blank name', { ...testAddress, name: '  ' }],
      ['number for a city', { ...testAddress, city: 7 }],
      ['unknown field', { ...testAddress, country: 'JP' }],
      ['line1 too long', { ...testAddress, line1: 'x'.repeat(201) }],
      ['a NUL character', { ...testAddress, line1: '1-1\u0000Chiyoda' }],
    ])('%s → 400', async (_name, body) => {
      expectJsonError(await shopper.put('/api/account/address', body), 400, 'VALIDATION_FAILED');
    });

    it('still saves a valid address afterwards', async () => {
      const res = await shopper.put('/api/account/address', testAddress);
      expect(res.status).toBe(200);
      expect(res.body.savedAddress).toMatchObject({ postalCode: testAddress.postalCode, line2: '' });
    });
  });

  describe('DELETE /api/account/payment-method', () => {
    it('needs a signed-in user', async () => {
      expectJsonError(await server.client().delete('/api/account/payment-method'), 401, 'UNAUTHENTICATED');
    });
    it('refuses a body that is not JSON', async () => {
      expectJsonError(await shopper.delete('/api/account/payment-method', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const ok = await shopper.delete('/api/account/payment-method');
      expect(ok.status).toBe(200);
      expect(ok.body.savedPaymentMethod).toBeNull();
    });
  });

  describe('cart lines', () => {
    it.each([
      ['quantity 0', 400, { variantId: 'ceramic-mug-white', quantity: 0 }],
      ['quantity 21', 400, { variantId: 'ceramic-mug-white', quantity: 21 }],
      ['quantity "2"', 400, { variantId: 'ceramic-mug-white', quantity: '2' }],
      ['quantity 1.5', 400, { variantId: 'ceramic-mug-white', quantity: 1.5 }],
      ['quantity -1', 400, { variantId: 'ceramic-mug-white', quantity: -1 }],
      ['quantity 1e308', 400, { variantId: 'ceramic-mug-white', quantity: 1e308 }],
      ['no variant', 400, { quantity: 1 }],
      ['empty variant id', 400, { variantId: '', quantity: 1 }],
      ['variant id too long', 400, { variantId: 'x'.repeat(101), quantity: 1 }],
      ['variant id with a NUL character', 400, { variantId: 'ceramic\u0000mug', quantity: 1 }],
      ['a client price', 400, { variantId: 'ceramic-mug-white', quantity: 1, unitPrice: 1 }],
      ['unknown variant', 404, { variantId: 'no-such-variant', quantity: 1 }],
    ])('POST with %s → %i', async (_name, status, body) => {
      expectJsonError(await server.client().post('/api/cart/lines', body), status);
    });

    it('PATCH and DELETE need a uuid line id and a valid quantity', async () => {
      const c = server.client();
      const added = await c.post('/api/cart/lines', { variantId: 'ceramic-mug-white', quantity: 1 });
      expect(added.status).toBe(201);
      const lineId = added.body.lines[0].id;
      for (const junk of ['1', 'not-a-uuid', `${lineId}x`, "1' OR '1'='1", '%00']) {
        expectJsonError(await c.patch(`/api/cart/lines/${encodeURIComponent(junk)}`, { quantity: 1 }), 400, 'VALIDATION_FAILED');
        expectJsonError(await c.delete(`/api/cart/lines/${encodeURIComponent(junk)}`), 400, 'VALIDATION_FAILED');
      }
      for (const body of [{ quantity: 0 }, { quantity: 21 }, { quantity: '2' }, { quantity: 1.5 }, {}, { quantity: 2, variantId: 'ceramic-mug-black' }]) {
        expectJsonError(await c.patch(`/api/cart/lines/${lineId}`, body), 400, 'VALIDATION_FAILED');
      }
      expectJsonError(await c.patch(`/api/cart/lines/${someUuid}`, { quantity: 1 }), 404, 'NOT_FOUND');
      expectJsonError(await c.delete(`/api/cart/lines/${someUuid}`), 404, 'NOT_FOUND');
      // Nothing above changed the line.
      expect((await c.get('/api/cart')).body.lines).toMatchObject([{ id: lineId, quantity: 1 }]);
    });
  });

  describe('cart discount', () => {
    it.each([
      ['no code', 'VALIDATION_FAILED', {}],
      ['empty code', 'VALIDATION_FAILED', { code: '' }],
      ['blank code', 'VALIDATION_FAILED', { code: '   ' }],
      ['number code', 'VALIDATION_FAILED', { code: 10 }],
      ['code too long', 'VALIDATION_FAILED', { code: 'X'.repeat(41) }],
      ['code with a NUL character', 'VALIDATION_FAILED', { code: 'WELCOME\u000010' }],
      ['unknown field', 'VALIDATION_FAILED', { code: 'WELCOME10', percent: 100 }],
      ['unknown code', 'DISCOUNT_INVALID', { code: 'NO-SUCH-CODE' }],
      ['a code on an empty cart below its minimum', 'DISCOUNT_MINIMUM_NOT_MET', { code: 'WELCOME10' }],
    ])('POST with %s → 400 %s', async (_name, code, body) => {
      expectJsonError(await server.client().post('/api/cart/discount', body), 400, code);
    });

    it('DELETE on a visitor without a cart is harmless', async () => {
      const res = await server.client().delete('/api/cart/discount');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ lines: [], discountCode: null });
    });
  });

  describe('POST /api/checkout', () => {
    const item = { variantId: 'ceramic-mug-white', quantity: 1 };
    it.each([
      ['too short', 'short'],
      ['with spaces', 'has spaces in it'],
      ['too long', 'k'.repeat(101)],
      ['with symbols', 'key-<script>'],
    ])('an idempotency key %s → 400', async (_name, idem) => {
      expectJsonError(await server.client().post('/api/checkout', { items: [item], address: testAddress }, { 'Idempotency-Key': idem }), 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['empty items', { items: [], address: testAddress }],
      ['extra top-level field', { items: [item], address: testAddress, total: 1 }],
      ['extra field on an item', { items: [{ ...item, price: 1 }], address: testAddress }],
      ['quantity 0', { items: [{ ...item, quantity: 0 }], address: testAddress }],
      ['quantity 21', { items: [{ ...item, quantity: 21 }], address: testAddress }],
      ['quantity "1"', { items: [{ ...item, quantity: '1' }], address: testAddress }],
      ['items not an array', { items: item, address: testAddress }],
      ['more than 50 items', { items: Array.from({ length: 51 }, () => item), address: testAddress }],
      ['a bad address', { items: [item], address: { ...testAddress, postalCode: '!' } }],
      ['useSavedAddress as a string', { items: [item], useSavedAddress: 'yes' }],
      ['a blank discount code', { items: [item], address: testAddress, discountCode: ' ' }],
      ['one variant on two lines adding up past 20', { items: [{ ...item, quantity: 15 }, { ...item, quantity: 15 }], address: testAddress }],
      ['no address', { items: [item] }],
    ])('%s → 400', async (_name, body) => {
      expectJsonError(await server.client().post('/api/checkout', body, { 'Idempotency-Key': key() }), 400, 'VALIDATION_FAILED');
    });

    it('answers each business refusal with its own code', async () => {
      const c = server.client();
      expectJsonError(await c.post('/api/checkout', { items: [item], address: testAddress }), 400, 'IDEMPOTENCY_KEY_REQUIRED');
      expectJsonError(await c.post('/api/checkout', { items: [{ variantId: 'no-such-variant', quantity: 1 }], address: testAddress }, { 'Idempotency-Key': key() }), 404, 'NOT_FOUND');
      expectJsonError(await c.post('/api/checkout', { items: [item], useSavedAddress: true }, { 'Idempotency-Key': key() }), 400, 'NO_SAVED_ADDRESS');
      expectJsonError(await c.post('/api/checkout', { items: [item], address: testAddress, useSavedPaymentMethod: true }, { 'Idempotency-Key': key() }), 400, 'NO_SAVED_PAYMENT_METHOD');
      expectJsonError(await c.post('/api/checkout', { items: [item], address: testAddress, discountCode: 'NO-SUCH-CODE' }, { 'Idempotency-Key': key() }), 400, 'DISCOUNT_INVALID');
      // None of these refusals left a hold on the mug.
      const mug = await c.get('/api/products/ceramic-mug');
      expect(mug.body.variants.find((v: { id: string }) => v.id === 'ceramic-mug-white').available).toBe(100);
    });
  });

  describe('POST /api/payments/demo/confirm', () => {
    it.each([
      ['neither a card nor useSavedPaymentMethod', () => ({ orderId: pendingOrderId })],
      ['both a card and useSavedPaymentMethod', () => ({ orderId: pendingOrderId, card: testCard, useSavedPaymentMethod: true })],
      ['useSavedPaymentMethod false and no card', () => ({ orderId: pendingOrderId, useSavedPaymentMethod: false })],
      ['no order id', () => ({ card: testCard })],
      ['a card number with letters', () => ({ orderId: pendingOrderId, card: { ...testCard, number: '4242 4242 4242 424x' } })],
      ['a short card number', () => ({ orderId: pendingOrderId, card: { ...testCard, number: '4242' } })],
      ['month 13', () => ({ orderId: pendingOrderId, card: { ...testCard, expMonth: 13 } })],
      ['a cvc of two digits', () => ({ orderId: pendingOrderId, card: { ...testCard, cvc: '12' } })],
      ['an unknown card field', () => ({ orderId: pendingOrderId, card: { ...testCard, pin: '0000' } })],
      ['an unknown top-level field', () => ({ orderId: pendingOrderId, card: testCard, amount: 1 })],
      ['a NUL character in the order id', () => ({ orderId: 'a\u0000b', card: testCard })],
      ['a card number that fails the Luhn check', () => ({ orderId: pendingOrderId, card: { ...testCard, number: '4242 4242 4242 4241' } })],
    ])('%s → 400 VALIDATION_FAILED', async (_name, body) => {
      expectJsonError(await shopper.post('/api/payments/demo/confirm', body()), 400, 'VALIDATION_FAILED');
    });

    it('a non-uuid or unknown order id is not found, for the owner and for a guest', async () => {
      expectJsonError(await shopper.post('/api/payments/demo/confirm', { orderId: 'not-a-uuid', card: testCard }), 404, 'NOT_FOUND');
      expectJsonError(await shopper.post('/api/payments/demo/confirm', { orderId: someUuid, card: testCard }), 404, 'NOT_FOUND');
      expectJsonError(await server.client().post('/api/payments/demo/confirm', { orderId: pendingOrderId, card: testCard }), 404, 'NOT_FOUND');
    });

    it('useSavedPaymentMethod without a saved card → 400 NO_SAVED_PAYMENT_METHOD, and the order stays payable', async () => {
      expectJsonError(await shopper.post('/api/payments/demo/confirm', { orderId: pendingOrderId, useSavedPaymentMethod: true }), 400, 'NO_SAVED_PAYMENT_METHOD');
      const order = await shopper.get(`/api/orders/${pendingOrderId}`);
      expect(order.body.status).toBe('pending');
    });
  });

  describe('orders', () => {
    it.each([['page=-1'], ['page=0'], ['page=x'], ['pageSize=51'], ['pageSize=0'], ['status=paid']])('GET /api/orders?%s → 400', async (query) => {
      expectJsonError(await shopper.get(`/api/orders?${query}`), 400, 'VALIDATION_FAILED');
      expectJsonError(await server.client().get(`/api/orders?${query}`), 400, 'VALIDATION_FAILED');
    });

    const junkIds = ['1', 'not-a-uuid', "1' OR '1'='1", `${someUuid}0`, '%00', '%E0%A4%A'];
    it('GET /api/orders/:id with a junk id → 400 (or 404 without a session)', async () => {
      for (const id of junkIds) {
        expectJsonError(await shopper.get(`/api/orders/${id.includes('%') ? id : encodeURIComponent(id)}`), 400);
        const guest = await server.client().get(`/api/orders/${id.includes('%') ? id : encodeURIComponent(id)}`);
        expectJsonError(guest, guest.status);
        expect([400, 404], id).toContain(guest.status);
      }
      expectJsonError(await shopper.get(`/api/orders/${someUuid}`), 404, 'NOT_FOUND');
    });

    it.each([['cancel'], ['fulfil'], ['refund']])('POST /api/orders/:id/%s with a junk id → 4xx JSON', async (action) => {
      const admin = server.client();
      await signInDemo(admin, 'admin');
      for (const id of junkIds) {
        const path = `/api/orders/${id.includes('%') ? id : encodeURIComponent(id)}/${action}`;
        // An undecodable path fails before any route runs; otherwise the role check comes first.
        expectJsonError(await shopper.post(path), action === 'cancel' || id === '%E0%A4%A' ? 400 : 403);
        expectJsonError(await admin.post(path), 400);
        const guest = await server.client().post(path);
        expectJsonError(guest, guest.status);
        expect(guest.status).toBeLessThan(500);
      }
      expectJsonError(await admin.post(`/api/orders/${someUuid}/${action}`), 404, 'NOT_FOUND');
    });
  });

  describe('POST /api/webhooks/stripe', () => {
    it('is a JSON 404 when Stripe is not configured, whatever is sent', async () => {
      const c = server.client();
      expectJsonError(await c.post('/api/webhooks/stripe', { type: 'payment_intent.succeeded' }, { 'stripe-signature': 't=1,v1=abc' }), 404, 'NOT_FOUND');
      expectJsonError(await c.post('/api/webhooks/stripe', 'not json at all', { 'content-type': 'text/plain' }), 404, 'NOT_FOUND');
      expectJsonError(await c.post('/api/webhooks/stripe'), 404, 'NOT_FOUND');
    });
  });

  describe('bodies and routes', () => {
    it('an invalid JSON body → 400 BAD_REQUEST', async () => {
      for (const body of ['{', '{"variantId":', "{'a':1}", 'undefined', '"just a string"', '42', 'null']) {
        expectJsonError(await server.client().post('/api/cart/lines', body, { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
      }
    });

    it('a body over 32 kB → 413 PAYLOAD_TOO_LARGE', async () => {
      const big = { variantId: 'ceramic-mug-white', quantity: 1, padding: 'x'.repeat(33 * 1024) };
      expectJsonError(await server.client().post('/api/cart/lines', big), 413, 'PAYLOAD_TOO_LARGE');
      expectJsonError(await shopper.put('/api/account/address', { ...testAddress, line2: 'x'.repeat(40_000) }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const c = server.client();
      const json = JSON.stringify({ variantId: 'ceramic-mug-white', quantity: 1 });
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
        expectJsonError(await c.post('/api/cart/lines', json, { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      // fetch sends text/plain for a string body without a type.
      expectJsonError(await c.post('/api/auth/login', json), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect((await c.get('/api/cart')).body.lines).toEqual([]);
    });

    it('a JSON body in a charset or encoding the server cannot read → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const c = server.client();
      const json = JSON.stringify({ variantId: 'ceramic-mug-white', quantity: 1 });
      expectJsonError(await c.post('/api/cart/lines', json, { 'content-type': 'application/json; charset=koi8-r' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectJsonError(await c.post('/api/cart/lines', json, { 'content-type': 'application/json', 'content-encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('an unknown /api route → 404 JSON, for every method', async () => {
      const c = server.client();
      for (const [method, path] of [
        ['GET', '/api/nope'],
        ['POST', '/api/nope'],
        ['GET', '/api/products/field-watch/variants'],
        ['PUT', '/api/products'],
        ['DELETE', '/api/cart'],
        ['PATCH', '/api/orders'],
        ['GET', '/api/webhooks/stripe'],
        ['GET', '/api'],
      ] as const) {
        const res = await c.request(method, path);
        expectJsonError(res, 404, 'NOT_FOUND');
      }
    });

    it('no route answers a pile of odd bodies with a 5xx', async () => {
      // A shopper of its own: the logout at the end must not sign out the others' shopper.
      const c = server.client();
      expect((await c.post('/api/auth/register', { email: `odd-bodies-${backend}@example.com`, password: 'correct horse', displayName: 'Odd' })).status).toBe(201);
      const routes: [string, string][] = [
        ['POST', '/api/auth/register'],
        ['POST', '/api/auth/login'],
        ['PUT', '/api/account/address'],
        ['DELETE', '/api/account/payment-method'],
        ['POST', '/api/cart/lines'],
        ['PATCH', `/api/cart/lines/${someUuid}`],
        ['DELETE', `/api/cart/lines/${someUuid}`],
        ['POST', '/api/cart/discount'],
        ['DELETE', '/api/cart/discount'],
        ['POST', '/api/checkout'],
        ['POST', '/api/payments/demo/confirm'],
        ['POST', `/api/orders/${someUuid}/cancel`],
        ['POST', `/api/orders/${someUuid}/fulfil`],
        ['POST', `/api/orders/${someUuid}/refund`],
        ['POST', '/api/auth/logout'],
      ];
      const deep: Record<string, unknown> = {};
      let cursor = deep;
      for (let i = 0; i < 500; i++) cursor = (cursor.a = {}) as Record<string, unknown>;
      const bodies: unknown[] = [{}, [], [1, 2], { a: 1 }, { email: null, password: null }, { items: null }, { quantity: {} }, { code: [] }, { orderId: {} }, deep];
      for (const [method, path] of routes) {
        for (const body of bodies) {
          const res = await c.request(method, path, body, { 'Idempotency-Key': key() });
          expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 40)}`).toBeLessThan(500);
          if (res.status >= 400) expectJsonError(res, res.status);
        }
      }
    });
  });
});
