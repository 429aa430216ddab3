// Starts the real server on an ephemeral port, on PGlite (in memory) or on a PostgreSQL database
// of its own (created from TEST_DATABASE_URL and dropped afterwards), so runs on a shared server
// start clean. No database mock anywhere.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { attachRealtime } from '../adapters/realtime';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { seedDemo } from '../domain/seed';
import { createServices, type Services } from '../services';

export type Backend = 'pglite' | 'postgres';

export const testBackends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A cookie-keeping HTTP client, like one browser. */
export class TestClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  /** Puts a cookie in the jar, as a browser that kept it (one cookie of several) would send it. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<T>> {
    const init: RequestInit = { method, headers: { ...this.defaults, ...headers }, redirect: 'manual' };
    const h = init.headers as Record<string, string>;
    if (this.cookies.size) h.cookie = this.cookieHeader;
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) init.body = body as string;
      else {
        init.body = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(this.baseUrl + path, init);
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, undefined, headers);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body, headers);
  put = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PUT', path, body, headers);
  patch = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, body, headers);
  delete = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('DELETE', path, body, headers);
}

export interface TestServer {
  url: string;
  backend: Backend;
  services: Services;
  client(headers?: Record<string, string>): TestClient;
  close(): Promise<void>;
}

/** Creates an empty PostgreSQL database for one run; returns its URL and how to drop it. */
export async function createTestDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `live_shop_test_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestServer(
  options: {
    backend?: Backend;
    env?: Record<string, string>;
    seed?: boolean;
    /** Runs on this existing PostgreSQL database (several servers on one database); the caller drops it. */
    databaseUrl?: string;
  } = {},
): Promise<TestServer> {
  const backend = options.databaseUrl ? 'postgres' : (options.backend ?? 'pglite');
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : backend === 'postgres'
      ? await createTestDatabase(process.env.TEST_DATABASE_URL!)
      : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_NEW_SESSIONS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  // PGlite in memory: nothing on disk to clean up.
  if (config.database.kind === 'pglite') config.database.dir = null;
  const services = await createServices(config);
  if (options.seed ?? true) await seedDemo(services.database.db, config.demoPassword);
  const errors: string[] = [];
  const app = buildApp(services, { clientDir: '/nonexistent', log: (m) => errors.push(m) });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, services, { log: (m) => errors.push(m) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    backend,
    services,
    client: (headers) => new TestClient(url, headers),
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      await database?.drop();
      if (errors.length) throw new Error(`the server logged internal errors:\n${errors.join('\n')}`);
    },
  };
}

export const testAddress = {
  name: 'Hanako Yamada',
  postalCode: '100-0001',
  region: 'Tokyo',
  city: 'Chiyoda-ku',
  line1: '1-1 Chiyoda',
  phone: '03-1234-5678',
};

export const testCard = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2034, cvc: '123', name: 'Hanako Yamada' };

/** Signs a client in as one of the seeded demo accounts (see domain/seed.ts); fails the test otherwise. */
export async function signInDemo(client: TestClient, who: 'host' | 'admin'): Promise<TestClient> {
  const email = who === 'host' ? 'host@live-shop.local' : 'admin@live-shop.local';
  const res = await client.post('/api/auth/login', { email, password: 'live-shop-demo' });
  if (res.status !== 200) throw new Error(`demo ${who} could not sign in: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
