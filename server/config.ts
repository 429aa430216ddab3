// The only reader of process.env. Everything else receives a validated Config.
import path from 'node:path';
import { z } from 'zod';

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    /** Also serve HTTPS on this port, with a self-signed certificate kept in DATA_DIR (cameras need a secure context on the LAN). */
    HTTPS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().default('./data'),
    /** Where the built client is (vite build's output); parallel builds in development use their own. */
    CLIENT_DIR: z.string().default('./dist/client'),
    /** Public origin(s) allowed to make state-changing requests, comma separated. Defaults to the request's own host. */
    ALLOWED_ORIGINS: z.string().optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
    /** Only for tests and the local Stripe double: where the Stripe SDK sends its requests. */
    STRIPE_API_BASE: z.url().optional(),
    STRIPE_RATE_PER_SECOND: z.coerce.number().min(1).max(1000).default(25),
    LIVEKIT_URL: z.url().optional(),
    LIVEKIT_API_KEY: z.string().min(1).optional(),
    LIVEKIT_API_SECRET: z.string().min(1).optional(),
    /** Viewers per show on the local stage: the host's browser uploads one stream per viewer, so a home connection runs out early. */
    LOCAL_STAGE_MAX_VIEWERS: z.coerce.number().int().min(1).max(50).default(8),
    /** Members per co-shopping room, owner included (a local mesh sends every member's camera to every other). */
    ROOM_MAX_MEMBERS: z.coerce.number().int().min(2).max(50).default(6),
    RESERVATION_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** How long an instance keeps a resolved session before asking the database again (0: never keeps it). */
    SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    COOKIE_SECURE: booleanish.optional(),
    RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    RATE_LIMIT_NEW_SESSIONS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    SEED_DEMO: booleanish.default(true),
    DEMO_PASSWORD: z.string().min(8).default('live-shop-demo'),
    LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
  })
  .superRefine((env, ctx) => {
    const stripe = [env.STRIPE_SECRET_KEY, env.STRIPE_WEBHOOK_SECRET, env.STRIPE_PUBLISHABLE_KEY];
    if (stripe.some(Boolean) && !stripe.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message: 'Stripe needs all three of STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PUBLISHABLE_KEY',
      });
    }
    const livekit = [env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET];
    if (livekit.some(Boolean) && !livekit.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVEKIT_URL'],
        message: 'LiveKit needs all three of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
      });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  httpsPort: number | null;
  host: string;
  dataDir: string;
  clientDir: string;
  allowedOrigins: string[];
  database: { kind: 'pglite'; dir: string | null } | { kind: 'postgres'; url: string; poolSize: number };
  payments:
    | { kind: 'demo' }
    | {
        kind: 'stripe';
        secretKey: string;
        webhookSecret: string;
        publishableKey: string;
        apiBase: string | null;
        ratePerSecond: number;
      };
  media: { kind: 'local' } | { kind: 'livekit'; url: string; apiKey: string; apiSecret: string };
  localStage: { maxViewers: number };
  rooms: { maxMembers: number };
  reservationTtlSeconds: number;
  sessionTtlDays: number;
  sessionCacheMs: number;
  cookieSecure: boolean | 'auto';
  rateLimits: { loginPerMinute: number; writesPerMinute: number; newSessionsPerMinute: number };
  seedDemo: boolean;
  demoPassword: string;
  logLevel: 'silent' | 'error' | 'info';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as in most deploy tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    httpsPort: e.HTTPS_PORT ?? null,
    host: e.HOST,
    dataDir,
    clientDir: path.resolve(e.CLIENT_DIR),
    allowedOrigins: e.ALLOWED_ORIGINS ? e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : [],
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
    payments: e.STRIPE_SECRET_KEY
      ? {
          kind: 'stripe',
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET!,
          publishableKey: e.STRIPE_PUBLISHABLE_KEY!,
          apiBase: e.STRIPE_API_BASE ?? null,
          ratePerSecond: e.STRIPE_RATE_PER_SECOND,
        }
      : { kind: 'demo' },
    media: e.LIVEKIT_URL
      ? { kind: 'livekit', url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY!, apiSecret: e.LIVEKIT_API_SECRET! }
      : { kind: 'local' },
    localStage: { maxViewers: e.LOCAL_STAGE_MAX_VIEWERS },
    rooms: { maxMembers: e.ROOM_MAX_MEMBERS },
    reservationTtlSeconds: e.RESERVATION_TTL_SECONDS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    sessionCacheMs: e.SESSION_CACHE_MS,
    cookieSecure: e.COOKIE_SECURE ?? 'auto',
    rateLimits: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
      newSessionsPerMinute: e.RATE_LIMIT_NEW_SESSIONS_PER_MINUTE,
    },
    seedDemo: e.SEED_DEMO,
    demoPassword: e.DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
  };
}
