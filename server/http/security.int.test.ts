// Request hygiene through the real server: the origin check, security headers and rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestClient, type TestResponse, type TestServer } from '../test/harness';

function expectError(res: TestResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
}

const line = { variantId: 'ceramic-mug-white', quantity: 1 };

function directivesOf(res: TestResponse): Record<string, string[]> {
  const csp = res.headers.get('content-security-policy');
  expect(csp).toBeTruthy();
  return Object.fromEntries(
    csp!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values];
      }),
  );
}

describe.each(testBackends)('security on %s', (backend) => {
  describe('origin check and headers', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, env: { ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example' } });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('refuses a state-changing request from another origin, and changes nothing', async () => {
      const c = server.client();
      const evil = { Origin: 'https://evil.example' };
      expectError(await c.post('/api/cart/lines', line, evil), 403, 'ORIGIN_MISMATCH');
      expectError(await c.post('/api/auth/login', { email: 'admin@live-shop.local', password: 'live-shop-demo' }, evil), 403, 'ORIGIN_MISMATCH');
      expectError(await c.post('/api/auth/logout', undefined, evil), 403, 'ORIGIN_MISMATCH');
      expectError(await c.put('/api/account/address', {}, evil), 403, 'ORIGIN_MISMATCH');
      expectError(await c.patch(`/api/cart/lines/${crypto.randomUUID()}`, { quantity: 1 }, evil), 403, 'ORIGIN_MISMATCH');
      expectError(await c.delete('/api/cart/discount', undefined, evil), 403, 'ORIGIN_MISMATCH');
      // Look-alikes of our own origin are other origins too.
      const own = new URL(server.url);
      for (const origin of ['null', `http://${own.hostname}.evil.example:${own.port}`, `http://${own.hostname}:1`, 'https://shop.example.evil.example', 'not a url']) {
        expectError(await c.post('/api/cart/lines', line, { Origin: origin }), 403, 'ORIGIN_MISMATCH');
      }
      expect(c.cookieHeader).toBe('');
      expect((await c.get('/api/cart')).body.lines).toEqual([]);
    });

    it("accepts the server's own origin and the configured ones", async () => {
      const c = server.client();
      const own = await c.post('/api/cart/lines', line, { Origin: server.url });
      expect(own.status).toBe(201);
      expect((await c.post('/api/cart/lines', line, { Origin: 'https://shop.example' })).status).toBe(201);
      expect((await c.post('/api/cart/lines', line, { Origin: 'https://www.shop.example' })).status).toBe(201);
      expect((await c.get('/api/cart')).body.lines).toMatchObject([{ variantId: line.variantId, quantity: 3 }]);
    });

    it('refuses Sec-Fetch-Site: cross-site without an Origin; lets same-origin and same-site through', async () => {
      const c = server.client();
      expectError(await c.post('/api/cart/lines', line, { 'Sec-Fetch-Site': 'cross-site' }), 403, 'ORIGIN_MISMATCH');
      expect((await c.post('/api/cart/lines', line, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
      expect((await c.post('/api/cart/lines', line, { 'Sec-Fetch-Site': 'none' })).status).toBe(201);
      // An allowed Origin wins over the fetch metadata.
      expect((await c.post('/api/cart/lines', line, { Origin: server.url, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(201);
    });

    it('lets a non-browser client without Origin through', async () => {
      const c = server.client();
      const res = await c.post('/api/cart/lines', line);
      expect(res.status).toBe(201);
      expect(c.cookieHeader).toMatch(/^sid=/);
    });

    it('does not check reads: a cross-site GET is answered', async () => {
      const c = server.client();
      expect((await c.get('/api/products?pageSize=1', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
    });

    it('sends a CSP with connect-src self and the other helmet headers on pages', async () => {
      const c = server.client();
      for (const path of ['/', '/products/field-watch', '/live/show-1']) {
        const res = await c.get(path);
        const csp = directivesOf(res);
        expect(csp['connect-src'], path).toEqual(["'self'"]);
        expect(csp['default-src'], path).toEqual(["'self'"]);
        expect(csp['script-src'], path).not.toContain("'unsafe-inline'");
        expect(csp['script-src'], path).not.toContain("'unsafe-eval'");
        expect(csp['object-src'], path).toEqual(["'none'"]);
        expect(csp['frame-ancestors'], path).toEqual(["'self'"]);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
        expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(res.headers.get('x-powered-by'), path).toBeNull();
      }
    });

    it('sends nosniff and a CSP that allows no outside connection on every API answer, errors included', async () => {
      const c = server.client();
      const answers = {
        json: await c.get('/api/health'),
        notFound: await c.get('/api/nope'),
        badJson: await c.post('/api/cart/lines', '{', { 'content-type': 'application/json' }),
        forbidden: await c.post('/api/cart/lines', line, { Origin: 'https://evil.example' }),
        webhook: await c.post('/api/webhooks/stripe', {}),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect(res.status, name).not.toBe(500);
        expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
        const csp = directivesOf(res);
        const connect = csp['connect-src'] ?? csp['default-src'];
        expect(connect, name).toBeDefined();
        expect(connect!.every((v) => v === "'self'" || v === "'none'"), name).toBe(true);
        expect(csp['frame-ancestors'], name).toBeDefined();
        expect(["'self'", "'none'"], name).toContain(csp['frame-ancestors']![0]);
        expect(['DENY', 'SAMEORIGIN'], name).toContain(res.headers.get('x-frame-options'));
        expect(res.headers.get('x-powered-by'), name).toBeNull();
      }
    });
  });

  describe('rate limits', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_WRITES_PER_MINUTE: '5' } });
    });
    afterAll(async () => {
      await server?.close();
    });

    /** A client with a guest session of its own, from its own (proxied) address. */
    let ip = 0;
    async function visitor(): Promise<TestClient> {
      const c = server.client({ 'X-Forwarded-For': `203.0.113.${++ip}` });
      await c.get('/api/me');
      expect(c.cookieHeader).toMatch(/^sid=/);
      return c;
    }

    it('the 4th sign-in attempt for one email in a minute → 429 RATE_LIMITED with Retry-After, from any session', async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        expectError(await (await visitor()).post('/api/auth/login', { email: 'host@live-shop.local', password: `wrong ${attempt}` }), 401, 'INVALID_CREDENTIALS');
      }
      // Even the right password, and the email in another case, is refused now.
      const fourth = await (await visitor()).post('/api/auth/login', { email: 'HOST@live-shop.local', password: 'live-shop-demo' });
      expectError(fourth, 429, 'RATE_LIMITED');
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(fourth.headers.getSetCookie().some((h) => h.startsWith('sid=') && !h.startsWith('sid=;'))).toBe(false);
      // Another account is not locked out by it.
      expect((await (await visitor()).post('/api/auth/login', { email: 'admin@live-shop.local', password: 'live-shop-demo' })).status).toBe(200);
      // Registering under the limited email counts against it too.
      expectError(await (await visitor()).post('/api/auth/register', { email: 'host@live-shop.local', password: 'long enough', displayName: 'X' }), 429, 'RATE_LIMITED');
    });

    it('limits sign-in attempts per address across emails', async () => {
      const c = await visitor();
      const results: number[] = [];
      // The per-address limit is five times the per-email one.
      for (let i = 0; i < 16; i++) results.push((await c.request('POST', '/api/auth/login', { email: `spray-${i}@example.com`, password: 'guess' })).status);
      expect(results.slice(0, 15).every((s) => s === 401 || s === 429)).toBe(true);
      expect(results.at(-1)).toBe(429);
    });

    it('the 6th write from one session → 429 while another session still gets through; reads are not limited', async () => {
      const a = await visitor();
      const b = await visitor();
      for (let i = 1; i <= 5; i++) {
        const res = await a.post('/api/cart/lines', line);
        expect(res.status, `write ${i}`).toBe(201);
      }
      const sixth = await a.post('/api/cart/lines', line);
      expectError(sixth, 429, 'RATE_LIMITED');
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await a.get('/api/cart')).body.lines).toMatchObject([{ quantity: 5 }]);
      expect((await a.get('/api/cart')).status).toBe(200);
      const other = await b.post('/api/cart/lines', line);
      expect(other.status).toBe(201);
      // A limited session cannot get around it by deleting instead of adding.
      expectError(await a.delete('/api/cart/discount'), 429, 'RATE_LIMITED');
    });
  });

  describe('new-session limit', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, env: { RATE_LIMIT_NEW_SESSIONS_PER_MINUTE: '2' } });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('a third new guest session from one address in a minute → 429 with Retry-After; other addresses are unaffected', async () => {
      const from = (ip: string) => server.client({ 'X-Forwarded-For': ip });
      expect((await from('198.51.100.1').get('/api/me')).status).toBe(200);
      expect((await from('198.51.100.1').get('/api/me')).status).toBe(200);
      const third = await from('198.51.100.1').get('/api/me');
      expectError(third, 429, 'RATE_LIMITED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await from('198.51.100.2').get('/api/me')).status).toBe(200);
      // A visitor who already has a session is not counted again.
      const known = from('198.51.100.3');
      for (let i = 0; i < 5; i++) expect((await known.get('/api/me')).status).toBe(200);
    });
  });
});
