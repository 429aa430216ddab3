// Flash deals at checkout: a price, a quantity cap and a time window, all enforced here (DESIGN.md §4).
//
// Claims that arrive in the same turn of the event loop are decided together, as stock reservations
// are (inventory.ts): one short transaction per deal locks the deal row, counts what each buyer in
// the batch already holds or bought, grants in arrival order, and applies the sum with ONE
// conditional update
//   UPDATE flash_deals SET claimed = claimed + n WHERE id = $1 AND claimed + n <= cap AND now() < ends_at AND stopped_at IS NULL
// so a flash sale of thousands costs a few statements, and a loser hears SOLD_OUT at once.
// A claim lives as long as its order's reservation: released on cancel or expiry, sold on payment.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FlashDeal } from '../../common/api';
import type { Currency } from '../../common/money';
import type { Db, Executor } from '../adapters/db';
import { dealClaims, flashDeals, orderLines, orders, products, shows, users, variants } from '../adapters/db/schema';
import { DomainError, notFound } from './errors';
import { dealEnd, dealPhase, decideClaims, tickerName, type ClaimDecision } from './live-rules';
import type { Publisher } from './realtime';

export type DealRow = typeof flashDeals.$inferSelect;

/** What checkout needs of a deal to price a line with it. */
export interface DealForCheckout {
  id: string;
  showId: string;
  variantId: string;
  price: number;
}

/** The hooks payments.ts calls when an order's fate is decided (ports: payments knows no deals or channels). */
export interface LiveOrderHooks {
  /** In the order's transaction: its deal claims become sold, or go back under the cap. Returns the deals touched. */
  settleClaimsIn(tx: Executor, orderId: string, outcome: 'sold' | 'released'): Promise<string[]>;
  /** After the transaction: remaining quantities and the "just bought" ticker. */
  afterSettled(change: { orderId: string; dealIds: string[]; paid: boolean }): Promise<void>;
}

interface PendingClaim {
  ownerKey: string;
  orderId: string;
  quantity: number;
  resolve: (decision: ClaimDecision | { granted: false; reason: 'DEAL_ENDED'; allowed: 0 }) => void;
  reject: (error: unknown) => void;
}

export const dealRemainingKey = (dealId: string) => `deal.remaining:${dealId}`;

export function toFlashDeal(row: DealRow, variant: { productId: string; price: number; currency: Currency }, now: Date): FlashDeal {
  return {
    id: row.id,
    showId: row.showId,
    productId: variant.productId,
    variantId: row.variantId,
    price: { amount: row.price, currency: variant.currency },
    regularPrice: { amount: variant.price, currency: variant.currency },
    cap: row.cap,
    remaining: Math.max(0, row.cap - row.claimed),
    perBuyerLimit: row.perBuyerLimit,
    startsAt: row.startsAt.toISOString(),
    endsAt: dealEnd(row).toISOString(),
    active: dealPhase(row, now) === 'active',
  };
}

export function createLiveCommerce(db: Db, deps: { publisher: Publisher; log?: (msg: string) => void; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  let pending = new Map<string, PendingClaim[]>();
  let scheduled = false;

  function announceRemaining(rows: { id: string; showId: string; cap: number; claimed: number }[]): void {
    for (const r of rows) {
      deps.publisher.publishEphemeral(`show:${r.showId}`, dealRemainingKey(r.id), { dealId: r.id, remaining: Math.max(0, r.cap - r.claimed) });
    }
  }

  async function grantBatch(dealId: string, requests: PendingClaim[]): Promise<void> {
    const decisions = new Map<PendingClaim, Parameters<PendingClaim['resolve']>[0]>();
    let after: DealRow | null = null;
    await db.transaction(async (tx) => {
      decisions.clear();
      after = null;
      const [deal] = await tx.select().from(flashDeals).where(eq(flashDeals.id, dealId)).for('update');
      if (!deal || dealPhase(deal, now()) !== 'active') {
        for (const r of requests) decisions.set(r, { granted: false, reason: 'DEAL_ENDED', allowed: 0 });
        return;
      }
      const owners = [...new Set(requests.map((r) => r.ownerKey))];
      const taken = await tx
        .select({ ownerKey: dealClaims.ownerKey, n: sql<number>`sum(${dealClaims.quantity})::int` })
        .from(dealClaims)
        .where(and(eq(dealClaims.dealId, dealId), inArray(dealClaims.ownerKey, owners), inArray(dealClaims.status, ['held', 'sold'])))
        .groupBy(dealClaims.ownerKey);
      const outcome = decideClaims(deal, new Map(taken.map((t) => [t.ownerKey, t.n])), requests);
      requests.forEach((r, i) => decisions.set(r, outcome.decisions[i]!));
      if (outcome.granted === 0) return;
      const [updated] = await tx
        .update(flashDeals)
        .set({ claimed: sql`${flashDeals.claimed} + ${outcome.granted}` })
        .where(
          and(
            eq(flashDeals.id, dealId),
            sql`${flashDeals.claimed} + ${outcome.granted} <= ${flashDeals.cap}`,
            sql`now() < ${flashDeals.endsAt}`,
            sql`${flashDeals.stoppedAt} IS NULL`,
          ),
        )
        .returning();
      if (!updated) {
        // Under the row lock only the database clock can disagree: the deal ended between our check and now().
        for (const r of requests) decisions.set(r, { granted: false, reason: 'DEAL_ENDED', allowed: 0 });
        return;
      }
      after = updated;
      const rows = requests.filter((r) => decisions.get(r)?.granted).map((r) => ({ dealId, orderId: r.orderId, ownerKey: r.ownerKey, quantity: r.quantity }));
      await tx.insert(dealClaims).values(rows);
    });
    for (const [request, decision] of decisions) request.resolve(decision);
    if (after) announceRemaining([after]);
  }

  function flush(): void {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    // One deal after another: each transaction locks one deal row, so they never wait on each other.
    void (async () => {
      for (const [dealId, requests] of batch) {
        await grantBatch(dealId, requests).catch((error: unknown) => requests.forEach((r) => r.reject(error)));
      }
    })();
  }

  async function settleClaimsIn(tx: Executor, orderId: string, outcome: 'sold' | 'released'): Promise<string[]> {
    if (outcome === 'released') {
      const released = await tx
        .update(dealClaims)
        .set({ status: 'released' })
        .where(and(eq(dealClaims.orderId, orderId), eq(dealClaims.status, 'held')))
        .returning({ dealId: dealClaims.dealId, quantity: dealClaims.quantity });
      for (const r of released) {
        await tx.update(flashDeals).set({ claimed: sql`${flashDeals.claimed} - ${r.quantity}` }).where(eq(flashDeals.id, r.dealId));
      }
      return released.map((r) => r.dealId);
    }
    const sold = await tx
      .update(dealClaims)
      .set({ status: 'sold' })
      .where(and(eq(dealClaims.orderId, orderId), eq(dealClaims.status, 'held')))
      .returning({ dealId: dealClaims.dealId });
    // A payment that revives a cancelled order (it succeeded after the hold ran out) bought at the deal
    // price: its units count again, but never beyond the cap, which other buyers may have filled meanwhile.
    const revived = await tx
      .update(dealClaims)
      .set({ status: 'sold' })
      .where(and(eq(dealClaims.orderId, orderId), eq(dealClaims.status, 'released')))
      .returning({ dealId: dealClaims.dealId, quantity: dealClaims.quantity });
    for (const r of revived) {
      await tx.update(flashDeals).set({ claimed: sql`least(${flashDeals.cap}, ${flashDeals.claimed} + ${r.quantity})` }).where(eq(flashDeals.id, r.dealId));
    }
    return [...sold, ...revived].map((r) => r.dealId);
  }

  /** Publishes the current remaining quantity of these deals (latest-wins: a burst of changes costs one message per viewer). */
  async function announce(dealIds: string[]): Promise<void> {
    const ids = [...new Set(dealIds)];
    if (ids.length === 0) return;
    const rows = await db.select({ id: flashDeals.id, showId: flashDeals.showId, cap: flashDeals.cap, claimed: flashDeals.claimed }).from(flashDeals).where(inArray(flashDeals.id, ids));
    announceRemaining(rows);
  }

  /** "Just bought": a paid order placed from a show, unless the buyer opted out. */
  async function announcePurchase(orderId: string): Promise<void> {
    const [row] = await db
      .select({ showId: orders.showId, displayName: users.displayName, hidden: users.hideFromTicker, userId: orders.userId })
      .from(orders)
      .leftJoin(users, eq(users.id, orders.userId))
      .where(eq(orders.id, orderId));
    if (!row?.showId || row.hidden) return;
    const [line] = await db
      .select({ ja: orderLines.nameJa, en: orderLines.nameEn })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId))
      .orderBy(orderLines.position)
      .limit(1);
    if (!line) return;
    await deps.publisher.publish(`show:${row.showId}`, 'purchase', {
      displayName: row.userId ? tickerName(row.displayName) : 'Guest',
      productName: { ja: line.ja, en: line.en },
    });
  }

  const hooks: LiveOrderHooks = {
    settleClaimsIn,
    async afterSettled({ orderId, dealIds, paid }) {
      // Announcements are a courtesy to viewers: a failure here must not fail the payment that caused it.
      await announce(dealIds).catch((error: unknown) => log(`live: announcing deals failed: ${String(error)}`));
      if (paid) await announcePurchase(orderId).catch((error: unknown) => log(`live: ticker failed: ${String(error)}`));
    },
  };

  return {
    hooks,
    settleClaimsIn,
    announce,

    /**
     * The deal a checkout asks for, checked: it exists, every item is its variant, and its window
     * is open now (DEAL_ENDED otherwise: no deal price after the end).
     */
    async forCheckout(dealId: string, items: { variantId: string }[]): Promise<DealForCheckout> {
      const [deal] = await db.select().from(flashDeals).where(eq(flashDeals.id, dealId));
      if (!deal) throw notFound('Deal');
      if (items.some((i) => i.variantId !== deal.variantId)) {
        throw new DomainError('VALIDATION_FAILED', 'Only the deal’s own item can be bought at the deal price', { field: 'items' });
      }
      if (dealPhase(deal, now()) !== 'active') throw new DomainError('DEAL_ENDED', 'This deal has ended');
      return { id: deal.id, showId: deal.showId, variantId: deal.variantId, price: deal.price };
    },

    /** A checkout may name the show it buys from only while that show is live. */
    async assertShowLive(showId: string): Promise<void> {
      const [show] = await db.select({ state: shows.state }).from(shows).where(eq(shows.id, showId));
      if (!show) throw notFound('Show');
      if (show.state !== 'live') throw new DomainError('INVALID_TRANSITION', 'This show is not live');
    },

    /** Claims deal units for an order; throws SOLD_OUT, DEAL_LIMIT_REACHED or DEAL_ENDED when it cannot have them. */
    async claim(dealId: string, claim: { ownerKey: string; orderId: string; quantity: number }): Promise<void> {
      const decision = await new Promise<Parameters<PendingClaim['resolve']>[0]>((resolve, reject) => {
        const list = pending.get(dealId) ?? [];
        list.push({ ...claim, resolve, reject });
        pending.set(dealId, list);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
      if (decision.granted) return;
      if (decision.reason === 'DEAL_ENDED') throw new DomainError('DEAL_ENDED', 'This deal has ended');
      if (decision.reason === 'DEAL_LIMIT_REACHED') {
        throw new DomainError('DEAL_LIMIT_REACHED', decision.allowed ? `You can buy ${decision.allowed} more at this price` : 'You have bought as many as this deal allows', { allowed: decision.allowed });
      }
      throw new DomainError('SOLD_OUT', 'This deal is sold out', { dealId });
    },

    /** Gives an order's claims back in a transaction of their own (a checkout that failed after claiming). */
    async release(orderId: string): Promise<void> {
      const dealIds = await db.transaction((tx) => settleClaimsIn(tx, orderId, 'released'));
      await announce(dealIds);
    },

    /** The deal's variant, for showing it. */
    async variantOf(variantId: string) {
      const [row] = await db
        .select({ productId: variants.productId, price: variants.price, currency: products.currency })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(eq(variants.id, variantId));
      return row ?? null;
    },
  };
}

export type LiveCommerce = ReturnType<typeof createLiveCommerce>;
