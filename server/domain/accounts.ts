// Accounts and sessions: scrypt passwords, server-side sessions keyed by the hash of a random token.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { maxLineQuantity } from '../../common/cart';
import type { Role, User } from '../../common/api';
import type { Db } from '../adapters/db';
import { carts, dealClaims, orders, sessions, users } from '../adapters/db/schema';
import { createBatchLoader } from './batch';
import { DomainError } from './errors';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;
const scryptParams = { N: 16_384, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, 64, scryptParams);
  return `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(expected, actual);
}

/** A password hash to compare against when the email is unknown, so both paths take the same time. */
let decoyHash: Promise<string> | null = null;

export interface SessionInfo {
  id: string;
  user: User | null;
  /** user:<id> for a signed-in user, session:<id> for a guest: owner of carts, orders and idempotency keys. */
  ownerKey: string;
}

export const ownerKeyOf = (sessionId: string, userId: string | null) => (userId ? `user:${userId}` : `session:${sessionId}`);

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

/** How many resolved sessions an instance keeps at most (a flash sale's crowd, a live show's audience). */
const sessionCacheEntries = 50_000;

export function createAccounts(db: Db, options: { sessionTtlDays: number; sessionCacheMs?: number; now?: () => number }) {
  const ttlMs = options.sessionTtlDays * 86_400_000;
  const now = options.now ?? Date.now;
  // Every request resolves its session; a live show's host pins and a flash sale's buyers send many
  // in a row. A resolved session is kept for `sessionCacheMs`: this instance forgets it at once on
  // sign-in and sign-out, another instance (several behind PostgreSQL) at the latest when it lapses.
  const cacheMs = options.sessionCacheMs ?? 2_000;
  const resolved = new Map<string, { info: SessionInfo; until: number }>();
  // A lookup that read the row before a sign-out here must not put the session back: each forget
  // is numbered, and a lookup keeps what it read only if its session was not forgotten since it began.
  let forgets = 0;
  const forgottenAt = new Map<string, number>();
  const remember = (info: SessionInfo, expiresAt: Date, lookupStart: number) => {
    if (cacheMs <= 0 || (forgottenAt.get(info.id) ?? -1) >= lookupStart) return;
    // Oldest first out (a Map keeps insertion order).
    if (resolved.size >= sessionCacheEntries) resolved.delete(resolved.keys().next().value!);
    resolved.set(info.id, { info, until: Math.min(now() + cacheMs, expiresAt.getTime()) });
  };
  const forget = (id: string) => {
    resolved.delete(id);
    forgottenAt.delete(id);
    forgottenAt.set(id, forgets++);
    // Only lookups in flight look here: the latest few thousand forgets are plenty.
    if (forgottenAt.size > sessionCacheEntries) forgottenAt.delete(forgottenAt.keys().next().value!);
  };

  const loadSessions = createBatchLoader(async (ids: string[]) => {
    const rows = await db
      .select({ id: sessions.id, expiresAt: sessions.expiresAt, user: users })
      .from(sessions)
      .leftJoin(users, eq(users.id, sessions.userId))
      .where(and(inArray(sessions.id, ids), gt(sessions.expiresAt, new Date(now()))));
    return new Map(rows.map((r) => [r.id, r]));
  });

  const toUser = (u: typeof users.$inferSelect): User => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role as Role,
  });

  async function newSession(userId: string | null): Promise<{ token: string; session: SessionInfo }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const id = hashToken(token);
    await db.insert(sessions).values({ id, userId, expiresAt: new Date(Date.now() + ttlMs) });
    const user = userId ? await getUser(userId) : null;
    return { token, session: { id, user, ownerKey: ownerKeyOf(id, userId) } };
  }

  async function getUser(id: string): Promise<User | null> {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row ? toUser(row) : null;
  }

  return {
    sessionTtlMs: ttlMs,

    /** The session behind a cookie token, or null when unknown or expired. */
    async resolveSession(token: string): Promise<SessionInfo | null> {
      if (token.length < 20 || token.length > 100) return null;
      const id = hashToken(token);
      const cached = resolved.get(id);
      if (cached && cached.until > now()) return cached.info;
      if (cached) resolved.delete(id);
      const lookupStart = forgets;
      const row = await loadSessions(id);
      if (!row) return null;
      const user = row.user ? toUser(row.user) : null;
      const info = { id, user, ownerKey: ownerKeyOf(id, user?.id ?? null) };
      remember(info, row.expiresAt, lookupStart);
      return info;
    },

    createGuestSession: () => newSession(null),

    async register(input: { email: string; password: string; displayName: string; role?: Role }): Promise<User> {
      const email = input.email.trim().toLowerCase();
      const passwordHash = await hashPassword(input.password);
      const id = crypto.randomUUID();
      const inserted = await db
        .insert(users)
        .values({ id, email, passwordHash, displayName: input.displayName, role: input.role ?? 'shopper' })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists');
      return toUser(inserted[0]!);
    },

    async authenticate(emailInput: string, password: string): Promise<User> {
      const email = emailInput.trim().toLowerCase();
      const [row] = await db.select().from(users).where(eq(users.email, email));
      if (!row) {
        decoyHash ??= hashPassword('decoy password for timing');
        await verifyPassword(password, await decoyHash);
        throw new DomainError('INVALID_CREDENTIALS', 'Email or password is wrong');
      }
      if (!(await verifyPassword(password, row.passwordHash))) {
        throw new DomainError('INVALID_CREDENTIALS', 'Email or password is wrong');
      }
      return toUser(row);
    },

    /**
     * Signs a user in: a new session id (against fixation), and what the guest had (cart lines,
     * orders) moves to the user. The session it replaces ends, whoever it belonged to.
     */
    async signIn(previous: SessionInfo | null, user: User): Promise<{ token: string; session: SessionInfo }> {
      const next = await newSession(user.id);
      if (previous && !previous.user) await adoptGuestData(db, previous.ownerKey, next.session.ownerKey, user.id);
      if (previous) {
        forget(previous.id);
        await db.delete(sessions).where(eq(sessions.id, previous.id));
      }
      return next;
    },

    async signOut(session: SessionInfo): Promise<void> {
      forget(session.id);
      await db.delete(sessions).where(eq(sessions.id, session.id));
    },

    getUser,

    /** A user's own preferences (live shows' "just bought" ticker). */
    async settingsOf(userId: string): Promise<{ hideFromTicker: boolean }> {
      const [row] = await db.select({ hideFromTicker: users.hideFromTicker }).from(users).where(eq(users.id, userId));
      return { hideFromTicker: row?.hideFromTicker ?? false };
    },

    async updateSettings(userId: string, settings: { hideFromTicker: boolean }): Promise<void> {
      await db.update(users).set({ hideFromTicker: settings.hideFromTicker }).where(eq(users.id, userId));
    },

    async purgeExpiredSessions(): Promise<number> {
      const removed = await db.delete(sessions).where(lt(sessions.expiresAt, new Date())).returning({ id: sessions.id });
      return removed.length;
    },
  };
}

/** Moves a guest's orders to the user, and merges the guest cart into the user's cart. */
async function adoptGuestData(db: Db, guestOwner: string, userOwner: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Idempotency keys are unique per owner: a guest key the user already used keeps its order
    // apart under a longer key (which no client can send, so it never replays the wrong order).
    await tx
      .update(orders)
      .set({ idempotencyKey: sql`${orders.idempotencyKey} || ':' || ${orders.id}` })
      .where(
        and(
          eq(orders.ownerKey, guestOwner),
          inArray(orders.idempotencyKey, tx.select({ key: orders.idempotencyKey }).from(orders).where(eq(orders.ownerKey, userOwner))),
        ),
      );
    await tx.update(orders).set({ ownerKey: userOwner, userId }).where(eq(orders.ownerKey, guestOwner));
    // Flash-deal units bought as a guest count against the same person's per-buyer limit once signed in.
    await tx.update(dealClaims).set({ ownerKey: userOwner }).where(eq(dealClaims.ownerKey, guestOwner));
    const [guestCart] = await tx.select().from(carts).where(eq(carts.ownerKey, guestOwner));
    if (!guestCart) return;
    const [userCart] = await tx.select().from(carts).where(eq(carts.ownerKey, userOwner));
    if (!userCart) {
      await tx.update(carts).set({ ownerKey: userOwner }).where(eq(carts.id, guestCart.id));
      return;
    }
    // Same variant in both: the quantities add up (capped by the line limit), as shops usually do.
    await tx.execute(
      sql`INSERT INTO cart_lines (id, cart_id, variant_id, quantity, created_at)
          SELECT gen_random_uuid()::text, ${userCart.id}, variant_id, quantity, created_at FROM cart_lines WHERE cart_id = ${guestCart.id}
          ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = LEAST(cart_lines.quantity + EXCLUDED.quantity, ${maxLineQuantity})`,
    );
    if (!userCart.discountCode && guestCart.discountCode) {
      await tx.update(carts).set({ discountCode: guestCart.discountCode }).where(eq(carts.id, userCart.id));
    }
    await tx.delete(carts).where(eq(carts.id, guestCart.id));
  });
}

export type Accounts = ReturnType<typeof createAccounts>;
