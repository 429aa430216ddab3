// Stock: on_hand and reserved. A reservation is one conditional atomic update
//   UPDATE stock SET reserved = reserved + n WHERE on_hand - reserved >= n
// held for a time-to-live, released on expiry or cancel, and turned into a sale on payment.
//
// Reservation requests that arrive in the same turn of the event loop are granted together: one
// short transaction per batch reads each variant's free units under a row lock, grants requests in
// arrival order, and applies the sum with the conditional update. A flash sale of thousands of
// simultaneous buyers then costs a few statements instead of thousands, and a loser hears SOLD_OUT
// at once. No transaction here waits on anything but the database.
import crypto from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Executor } from '../adapters/db';
import { reservations, stock } from '../adapters/db/schema';
import { DomainError } from './errors';

export interface ReserveLine {
  variantId: string;
  quantity: number;
}

type GrantOutcome = { granted: true } | { granted: false; free: number };

interface PendingGrant {
  orderId: string;
  quantity: number;
  expiresAt: Date;
  /** granted, or the units that were free when this request was turned down */
  resolve: (outcome: GrantOutcome) => void;
  reject: (error: unknown) => void;
}

export function createInventory(db: Db, options: { reservationTtlSeconds: number; now?: () => Date }) {
  const now = options.now ?? (() => new Date());
  let pending = new Map<string, PendingGrant[]>();
  let scheduled = false;

  async function grantBatch(batch: Map<string, PendingGrant[]>): Promise<void> {
    const variantIds = [...batch.keys()].sort(); // one lock order everywhere: no deadlocks between instances
    const decisions = new Map<PendingGrant, GrantOutcome>();
    await db.transaction(async (tx) => {
      decisions.clear();
      const rows: (typeof reservations.$inferInsert)[] = [];
      for (const variantId of variantIds) {
        const requests = batch.get(variantId)!;
        const [row] = await tx
          .select({ free: sql<number>`${stock.onHand} - ${stock.reserved}` })
          .from(stock)
          .where(eq(stock.variantId, variantId))
          .for('update');
        let free = row?.free ?? 0;
        let granted = 0;
        for (const request of requests) {
          if (request.quantity > free) {
            decisions.set(request, { granted: false, free: Math.max(0, free) });
            continue;
          }
          decisions.set(request, { granted: true });
          free -= request.quantity;
          granted += request.quantity;
          rows.push({
            id: crypto.randomUUID(),
            variantId,
            quantity: request.quantity,
            orderId: request.orderId,
            expiresAt: request.expiresAt,
          });
        }
        if (granted === 0) continue;
        const updated = await tx
          .update(stock)
          .set({ reserved: sql`${stock.reserved} + ${granted}` })
          .where(and(eq(stock.variantId, variantId), sql`${stock.onHand} - ${stock.reserved} >= ${granted}`))
          .returning({ variantId: stock.variantId });
        // Cannot happen while we hold the row lock; if it ever does, nothing is granted.
        if (updated.length !== 1) throw new Error(`stock for ${variantId} changed under its row lock`);
      }
      if (rows.length) await tx.insert(reservations).values(rows);
    });
    for (const [request, outcome] of decisions) request.resolve(outcome);
  }

  function flush(): void {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    grantBatch(batch).catch((error: unknown) => {
      for (const requests of batch.values()) for (const r of requests) r.reject(error);
    });
  }

  function requestGrant(variantId: string, grant: Omit<PendingGrant, 'resolve' | 'reject'>): Promise<GrantOutcome> {
    return new Promise((resolve, reject) => {
      const list = pending.get(variantId) ?? [];
      list.push({ ...grant, resolve, reject });
      pending.set(variantId, list);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  }

  /** Applies the effect of finished reservations on stock, in the caller's transaction. */
  async function settle(tx: Executor, rows: { variantId: string; quantity: number }[], sold: boolean): Promise<void> {
    const byVariant = new Map<string, number>();
    for (const r of rows) byVariant.set(r.variantId, (byVariant.get(r.variantId) ?? 0) + r.quantity);
    for (const variantId of [...byVariant.keys()].sort()) {
      const quantity = byVariant.get(variantId)!;
      await tx
        .update(stock)
        .set(
          sold
            ? { onHand: sql`${stock.onHand} - ${quantity}`, reserved: sql`${stock.reserved} - ${quantity}` }
            : { reserved: sql`${stock.reserved} - ${quantity}` },
        )
        .where(eq(stock.variantId, variantId));
    }
  }

  async function releaseIn(tx: Executor, orderId: string): Promise<void> {
    const released = await tx
      .update(reservations)
      .set({ status: 'released' })
      .where(and(eq(reservations.orderId, orderId), eq(reservations.status, 'held')))
      .returning({ variantId: reservations.variantId, quantity: reservations.quantity });
    await settle(tx, released, false);
  }

  return {
    reservationTtlSeconds: options.reservationTtlSeconds,

    /**
     * Reserves every line for an order, or nothing: SOLD_OUT when a variant has no free unit left,
     * INSUFFICIENT_STOCK when it has fewer than asked.
     */
    async reserve(orderId: string, lines: ReserveLine[]): Promise<{ expiresAt: Date }> {
      const expiresAt = new Date(now().getTime() + options.reservationTtlSeconds * 1000);
      const merged = new Map<string, number>();
      for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
      const entries = [...merged];
      const results = await Promise.allSettled(
        entries.map(([variantId, quantity]) => requestGrant(variantId, { orderId, quantity, expiresAt })),
      );
      const failure = results.find((r) => r.status === 'rejected');
      const deniedIndex = results.findIndex((r) => r.status === 'fulfilled' && !r.value.granted);
      if (failure || deniedIndex >= 0) {
        if (results.some((r) => r.status === 'fulfilled' && r.value.granted)) await this.release(orderId);
        if (failure) throw (failure as PromiseRejectedResult).reason;
        const [variantId, quantity] = entries[deniedIndex]!;
        const { free } = (results[deniedIndex] as PromiseFulfilledResult<{ granted: false; free: number }>).value;
        if (free === 0) throw new DomainError('SOLD_OUT', 'Sold out', { variantId });
        throw new DomainError('INSUFFICIENT_STOCK', `Only ${free} left`, { variantId, available: free, requested: quantity });
      }
      return { expiresAt };
    },

    /** Gives an order's held units back (cancel, failed checkout). */
    async release(orderId: string): Promise<void> {
      await db.transaction((tx) => releaseIn(tx, orderId));
    },

    releaseIn,

    /**
     * Turns an order's held units into a sale, in the caller's transaction. When the hold has
     * already expired, the units are taken again if still free. Returns false when they are gone,
     * so the caller can refund instead of overselling.
     */
    async sellIn(tx: Executor, orderId: string, lines: ReserveLine[]): Promise<boolean> {
      const held = await tx
        .update(reservations)
        .set({ status: 'sold' })
        .where(and(eq(reservations.orderId, orderId), eq(reservations.status, 'held')))
        .returning({ variantId: reservations.variantId, quantity: reservations.quantity });
      if (held.length > 0) {
        await settle(tx, held, true);
        return true;
      }
      const taken: ReserveLine[] = [];
      for (const line of [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId))) {
        const updated = await tx
          .update(stock)
          .set({ onHand: sql`${stock.onHand} - ${line.quantity}` })
          .where(and(eq(stock.variantId, line.variantId), sql`${stock.onHand} - ${stock.reserved} >= ${line.quantity}`))
          .returning({ variantId: stock.variantId });
        if (updated.length === 0) {
          for (const t of taken) {
            await tx.update(stock).set({ onHand: sql`${stock.onHand} + ${t.quantity}` }).where(eq(stock.variantId, t.variantId));
          }
          return false;
        }
        taken.push(line);
      }
      return true;
    },

    /** Releases holds whose time is up; returns the orders they belonged to. */
    async releaseExpired(limit = 500): Promise<string[]> {
      return db.transaction(async (tx) => {
        const expired = await tx
          .select({ id: reservations.id })
          .from(reservations)
          .where(and(eq(reservations.status, 'held'), lt(reservations.expiresAt, now())))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (expired.length === 0) return [];
        const released = await tx
          .update(reservations)
          .set({ status: 'released' })
          .where(inArray(reservations.id, expired.map((e) => e.id)))
          .returning({ variantId: reservations.variantId, quantity: reservations.quantity, orderId: reservations.orderId });
        await settle(tx, released, false);
        return [...new Set(released.map((r) => r.orderId).filter((id): id is string => id !== null))];
      });
    },

    async setStock(variantId: string, onHand: number): Promise<void> {
      await db
        .insert(stock)
        .values({ variantId, onHand, reserved: 0 })
        .onConflictDoUpdate({ target: stock.variantId, set: { onHand } });
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
