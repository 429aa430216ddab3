// Who may do what: guest, shopper, another shopper, host and admin; sign-up, sign-in and sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCookie } from './session';
import { startTestServer, testAddress, testBackends, testCard, type TestClient, type TestResponse, type TestServer } from '../test/harness';

const key = () => `test-${crypto.randomUUID()}`;
const demoPassword = 'live-shop-demo';

function expectError(res: TestResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
}

const sid = (c: TestClient) => readCookie(c.cookieHeader, 'sid');

describe.each(testBackends)('authorization on %s', (backend) => {
  let server: TestServer;
  let shopper: TestClient;
  let otherShopper: TestClient;
  let host: TestClient;
  let admin: TestClient;
  let n = 0;
  const email = (what: string) => `${what}-${++n}-${backend}@example.com`;

  async function signIn(c: TestClient, address: string, password = demoPassword) {
    const res = await c.post('/api/auth/login', { email: address, password });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  }

  async function register(c: TestClient, address = email('shopper')) {
    const res = await c.post('/api/auth/register', { email: address, password: 'correct horse', displayName: 'Shopper' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res;
  }

  /** A pending order of the client's own, straight from a live card. */
  async function pendingOrder(c: TestClient, variantId = 'ceramic-mug-celadon', quantity = 1): Promise<string> {
    const res = await c.post('/api/checkout', { items: [{ variantId, quantity }], address: testAddress }, { 'Idempotency-Key': key() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.order.status).toBe('pending');
    return res.body.order.id;
  }

  async function paidOrder(c: TestClient, variantId?: string): Promise<string> {
    const id = await pendingOrder(c, variantId);
    const paid = await c.post('/api/payments/demo/confirm', { orderId: id, card: testCard });
    expect(paid.body.status).toBe('paid');
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({ backend });
    shopper = server.client();
    otherShopper = server.client();
    host = server.client();
    admin = server.client();
    await register(shopper);
    await register(otherShopper);
    await signIn(host, 'host@live-shop.local');
    await signIn(admin, 'admin@live-shop.local');
    expect((await host.get('/api/me')).body.user.role).toBe('host');
    expect((await admin.get('/api/me')).body.user.role).toBe('admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('carts', () => {
    it('each visitor sees only their own cart, and nobody else may touch its lines', async () => {
      const guest = server.client();
      const mine = await shopper.post('/api/cart/lines', { variantId: 'wireless-earbuds-white', quantity: 1 });
      expect(mine.status).toBe(201);
      const line = mine.body.lines.find((l: { variantId: string }) => l.variantId === 'wireless-earbuds-white');
      const guestLine = (await guest.post('/api/cart/lines', { variantId: 'wireless-earbuds-black', quantity: 2 })).body.lines[0];
      for (const [who, c] of [['guest', guest], ['another shopper', otherShopper], ['host', host], ['admin', admin]] as const) {
        const cart = await c.get('/api/cart');
        expect(cart.status, who).toBe(200);
        expect(cart.body.lines.map((l: { id: string }) => l.id), who).not.toContain(line.id);
        expectError(await c.patch(`/api/cart/lines/${line.id}`, { quantity: 3 }), 404, 'NOT_FOUND');
        expectError(await c.delete(`/api/cart/lines/${line.id}`), 404, 'NOT_FOUND');
      }
      for (const c of [shopper, otherShopper, host, admin]) {
        expectError(await c.delete(`/api/cart/lines/${guestLine.id}`), 404, 'NOT_FOUND');
      }
      // A visitor without any cookie has an empty cart and no access either.
      const stranger = server.client();
      expect((await stranger.get('/api/cart')).body.lines).toEqual([]);
      expectError(await stranger.patch(`/api/cart/lines/${line.id}`, { quantity: 3 }), 404, 'NOT_FOUND');
      // Nothing above changed either cart.
      expect((await shopper.get('/api/cart')).body.lines.find((l: { id: string }) => l.id === line.id).quantity).toBe(1);
      expect((await guest.get('/api/cart')).body.lines).toMatchObject([{ id: guestLine.id, quantity: 2 }]);
      await shopper.delete(`/api/cart/lines/${line.id}`);
    });
  });

  describe('orders', () => {
    it('an order is readable by its owner and by an admin; anyone else gets 404', async () => {
      const orderId = await pendingOrder(shopper);
      expect((await shopper.get(`/api/orders/${orderId}`)).status).toBe(200);
      const asAdmin = await admin.get(`/api/orders/${orderId}`);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.id).toBe(orderId);
      for (const [who, c] of [['guest', server.client()], ['another shopper', otherShopper], ['host', host]] as const) {
        const res = await c.get(`/api/orders/${orderId}`);
        expect(res.status, who).toBe(404);
        expect(res.body.error.code, who).toBe('NOT_FOUND');
        expectError(await c.post(`/api/orders/${orderId}/cancel`), 404, 'NOT_FOUND');
        expectError(await c.post('/api/payments/demo/confirm', { orderId, card: testCard }), 404, 'NOT_FOUND');
        expect((await c.get('/api/orders')).body.items.map((o: { id: string }) => o.id), who).not.toContain(orderId);
      }
      // The order list is everyone's own, even an admin's.
      expect((await admin.get('/api/orders')).body.items.map((o: { id: string }) => o.id)).not.toContain(orderId);
      expect((await shopper.get('/api/orders')).body.items.map((o: { id: string }) => o.id)).toContain(orderId);
      // Nobody else's attempt changed it.
      expect((await shopper.get(`/api/orders/${orderId}`)).body.status).toBe('pending');
    });

    it('a guest order is readable by that guest session only', async () => {
      const guest = server.client();
      const orderId = await pendingOrder(guest);
      expect((await guest.get(`/api/orders/${orderId}`)).status).toBe(200);
      expectError(await server.client().get(`/api/orders/${orderId}`), 404, 'NOT_FOUND');
      expectError(await shopper.get(`/api/orders/${orderId}`), 404, 'NOT_FOUND');
      expect((await admin.get(`/api/orders/${orderId}`)).status).toBe(200);
    });

    it.each([['fulfil'], ['refund']])('only an admin may %s: guest 401, shopper and host 403', async (action) => {
      const orderId = await paidOrder(shopper);
      const noCookie = server.client();
      expectError(await noCookie.post(`/api/orders/${orderId}/${action}`), 401, 'UNAUTHENTICATED');
      const guestWithSession = server.client();
      await guestWithSession.post('/api/cart/lines', { variantId: 'ceramic-mug-white', quantity: 1 });
      expect(sid(guestWithSession)).toBeTruthy();
      expectError(await guestWithSession.post(`/api/orders/${orderId}/${action}`), 401, 'UNAUTHENTICATED');
      expectError(await shopper.post(`/api/orders/${orderId}/${action}`), 403, 'FORBIDDEN');
      expectError(await otherShopper.post(`/api/orders/${orderId}/${action}`), 403, 'FORBIDDEN');
      expectError(await host.post(`/api/orders/${orderId}/${action}`), 403, 'FORBIDDEN');
      expect((await shopper.get(`/api/orders/${orderId}`)).body.status).toBe('paid');
      const res = await admin.post(`/api/orders/${orderId}/${action}`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(action === 'fulfil' ? 'fulfilled' : 'refunded');
      expect((await shopper.get(`/api/orders/${orderId}`)).body.status).toBe(res.body.status);
    });

    it('admin state transitions follow the order state machine', async () => {
      const pending = await pendingOrder(shopper);
      expectError(await admin.post(`/api/orders/${pending}/fulfil`), 409, 'INVALID_TRANSITION');
      expectError(await admin.post(`/api/orders/${pending}/refund`), 409, 'INVALID_TRANSITION');
      expect((await shopper.get(`/api/orders/${pending}`)).body.status).toBe('pending');

      const fulfilled = await paidOrder(shopper);
      expect((await admin.post(`/api/orders/${fulfilled}/fulfil`)).body.status).toBe('fulfilled');
      expectError(await admin.post(`/api/orders/${fulfilled}/fulfil`), 409, 'INVALID_TRANSITION');
      // A shipped order can still be refunded; a refunded one cannot move again.
      expect((await admin.post(`/api/orders/${fulfilled}/refund`)).body.status).toBe('refunded');
      expectError(await admin.post(`/api/orders/${fulfilled}/refund`), 409, 'INVALID_TRANSITION');
      expectError(await admin.post(`/api/orders/${fulfilled}/fulfil`), 409, 'INVALID_TRANSITION');

      const cancelled = await pendingOrder(shopper);
      expect((await shopper.post(`/api/orders/${cancelled}/cancel`)).body.status).toBe('cancelled');
      expectError(await admin.post(`/api/orders/${cancelled}/fulfil`), 409, 'INVALID_TRANSITION');
      expectError(await admin.post(`/api/orders/${cancelled}/refund`), 409, 'INVALID_TRANSITION');

      expectError(await admin.post(`/api/orders/${crypto.randomUUID()}/fulfil`), 404, 'NOT_FOUND');
      expectError(await admin.post(`/api/orders/${crypto.randomUUID()}/refund`), 404, 'NOT_FOUND');
    });

    it('a refund does not put sold units back on sale, and a paid order cannot be cancelled by its shopper', async () => {
      const before = (await shopper.get('/api/products/smart-speaker')).body.variants[0].available;
      const orderId = await paidOrder(shopper, 'smart-speaker-charcoal');
      expectError(await shopper.post(`/api/orders/${orderId}/cancel`), 409, 'INVALID_TRANSITION');
      expect((await admin.post(`/api/orders/${orderId}/refund`)).body.status).toBe('refunded');
      expect((await shopper.get('/api/products/smart-speaker')).body.variants[0].available).toBe(before - 1);
    });
  });

  describe('accounts', () => {
    it('account routes need a signed-in user', async () => {
      // A guest session is not a sign-in.
      const guest = server.client();
      await guest.post('/api/cart/lines', { variantId: 'ceramic-mug-white', quantity: 1 });
      expect(sid(guest)).toBeTruthy();
      // Nor is a signed-out one.
      const signedOut = server.client();
      await register(signedOut);
      await signedOut.post('/api/auth/logout');
      for (const c of [server.client(), guest, signedOut]) {
        expectError(await c.put('/api/account/address', testAddress), 401, 'UNAUTHENTICATED');
        expectError(await c.delete('/api/account/payment-method'), 401, 'UNAUTHENTICATED');
        const me = await c.get('/api/me');
        expect(me.body).toMatchObject({ user: null, session: { kind: 'guest' }, savedAddress: null, savedPaymentMethod: null });
      }
    });

    it('register answers 201 with an httpOnly SameSite=Lax session cookie', async () => {
      const c = server.client();
      const address = email('Register');
      const res = await c.post('/api/auth/register', { email: address, password: 'correct horse', displayName: ' Reg ' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ user: { email: address.toLowerCase(), displayName: 'Reg', role: 'shopper' }, session: { kind: 'user' } });
      const setCookie = res.headers.getSetCookie().find((h) => h.startsWith('sid='));
      expect(setCookie).toBeDefined();
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);
      expect((await c.get('/api/me')).body.user.email).toBe(address.toLowerCase());
    });

    it('a second account with the same email (in any case) → 409 EMAIL_TAKEN', async () => {
      const address = email('dup');
      await register(server.client(), address);
      expectError(await server.client().post('/api/auth/register', { email: address, password: 'another one', displayName: 'Dup' }), 409, 'EMAIL_TAKEN');
      expectError(await server.client().post('/api/auth/register', { email: address.toUpperCase(), password: 'another one', displayName: 'Dup' }), 409, 'EMAIL_TAKEN');
      expectError(await server.client().post('/api/auth/register', { email: 'admin@live-shop.local', password: 'another one', displayName: 'Dup' }), 409, 'EMAIL_TAKEN');
    });

    it('a wrong password and an unknown email get the same 401 INVALID_CREDENTIALS', async () => {
      const address = email('creds');
      await register(server.client(), address);
      const wrong = await server.client().post('/api/auth/login', { email: address, password: 'not the password' });
      const unknown = await server.client().post('/api/auth/login', { email: email('nobody'), password: 'not the password' });
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expectError(unknown, 401, 'INVALID_CREDENTIALS');
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.headers.getSetCookie().some((h) => h.startsWith('sid='))).toBe(false);
      // The right password, in any case of the email, still works.
      expect((await server.client().post('/api/auth/login', { email: address.toUpperCase(), password: 'correct horse' })).status).toBe(200);
    });

    it('logout ends the session: the old cookie no longer shows the user', async () => {
      const c = server.client();
      await register(c);
      const oldCookie = c.cookieHeader;
      expect((await c.get('/api/me')).body.user).not.toBeNull();
      const out = await c.post('/api/auth/logout');
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({ user: null, session: { kind: 'guest' } });
      expect(out.headers.getSetCookie().some((h) => /^sid=;/.test(h))).toBe(true);
      // Replaying the old cookie, as a thief with a copy of it would.
      const replay = server.client({ cookie: oldCookie });
      const me = await replay.get('/api/me');
      expect(me.body.user).toBeNull();
      expectError(await replay.put('/api/account/address', testAddress), 401, 'UNAUTHENTICATED');
    });

    it('login rotates the session id; the guest session it replaces stops working', async () => {
      const c = server.client();
      const address = email('rotate');
      await register(server.client(), address);
      await c.get('/api/me');
      const guestSid = sid(c);
      expect(guestSid).toBeTruthy();
      const guestCookie = c.cookieHeader;
      await signIn(c, address, 'correct horse');
      const userSid = sid(c);
      expect(userSid).toBeTruthy();
      expect(userSid).not.toBe(guestSid);
      expect((await c.get('/api/me')).body.user.email).toBe(address);
      expect((await server.client({ cookie: guestCookie }).get('/api/me')).body.user).toBeNull();
    });

    it('signing in again replaces the session: the previous signed-in cookie stops working', async () => {
      const c = server.client();
      const address = email('again');
      await register(c, address);
      const firstCookie = c.cookieHeader;
      await signIn(c, address, 'correct horse');
      expect(c.cookieHeader).not.toBe(firstCookie);
      expect((await c.get('/api/me')).body.user.email).toBe(address);
      expect((await server.client({ cookie: firstCookie }).get('/api/me')).body.user).toBeNull();
    });

    it("login moves the guest's cart lines and orders to the user, adding up quantities already in the user's cart", async () => {
      const c = server.client();
      const address = email('merge');
      await register(c, address);
      expect((await c.post('/api/cart/lines', { variantId: 'baseball-cap-navy', quantity: 2 })).status).toBe(201);
      expect((await c.post('/api/cart/lines', { variantId: 'baseball-cap-red', quantity: 19 })).status).toBe(201);
      await c.post('/api/auth/logout');
      expect((await c.get('/api/cart')).body.lines).toEqual([]);

      // Shopping as a guest on the same browser.
      expect((await c.post('/api/cart/lines', { variantId: 'baseball-cap-navy', quantity: 3 })).status).toBe(201);
      expect((await c.post('/api/cart/lines', { variantId: 'baseball-cap-red', quantity: 5 })).status).toBe(201);
      expect((await c.post('/api/cart/lines', { variantId: 'baseball-cap-beige', quantity: 1 })).status).toBe(201);
      const guestOrder = await pendingOrder(c, 'velvet-lipstick-nude');
      const guestSid = sid(c);

      await signIn(c, address, 'correct horse');
      expect(sid(c)).not.toBe(guestSid);
      const cart = await c.get('/api/cart');
      const quantities = Object.fromEntries(cart.body.lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity]));
      expect(quantities).toEqual({ 'baseball-cap-navy': 5, 'baseball-cap-red': 20, 'baseball-cap-beige': 1 });
      expect(cart.body.itemCount).toBe(26);
      expect((await c.get(`/api/orders/${guestOrder}`)).status).toBe(200);
      expect((await c.get('/api/orders')).body.items.map((o: { id: string }) => o.id)).toContain(guestOrder);
      // The order can still be paid by its new owner.
      expect((await c.post('/api/payments/demo/confirm', { orderId: guestOrder, card: testCard })).body.status).toBe('paid');
      // And it is no longer reachable from the guest session it came from.
      expectError(await server.client({ cookie: `sid=${guestSid}` }).get(`/api/orders/${guestOrder}`), 404, 'NOT_FOUND');
    });

    it('login moves a guest order even when the user already used its idempotency key', async () => {
      const c = server.client();
      const address = email('samekey');
      await register(c, address);
      const idem = key();
      const body = { items: [{ variantId: 'ceramic-mug-white', quantity: 1 }], address: testAddress };
      const userOrder = await c.post('/api/checkout', body, { 'Idempotency-Key': idem });
      expect(userOrder.status).toBe(201);
      await c.post('/api/auth/logout');
      const guestOrder = await c.post('/api/checkout', { ...body, items: [{ variantId: 'ceramic-mug-indigo', quantity: 2 }] }, { 'Idempotency-Key': idem });
      expect(guestOrder.status).toBe(201);
      expect(guestOrder.body.order.id).not.toBe(userOrder.body.order.id);
      await signIn(c, address, 'correct horse');
      const ids = (await c.get('/api/orders')).body.items.map((o: { id: string }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([userOrder.body.order.id, guestOrder.body.order.id]));
      // The key still replays the user's own order.
      const replay = await c.post('/api/checkout', body, { 'Idempotency-Key': idem });
      expect(replay.status).toBe(201);
      expect(replay.body.order.id).toBe(userOrder.body.order.id);
    });

    it('a guest with a cart who registers keeps the cart', async () => {
      const c = server.client();
      await c.post('/api/cart/lines', { variantId: 'pearl-earrings-pink', quantity: 2 });
      const guestSid = sid(c);
      await register(c);
      expect(sid(c)).not.toBe(guestSid);
      expect((await c.get('/api/cart')).body.lines).toMatchObject([{ variantId: 'pearl-earrings-pink', quantity: 2 }]);
    });
  });
});
