// Stock reservations and discount caps under concurrency, at the service level and through the
// real server, on each database backend.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discounts, orders, paymentEvents, reservations, stock } from '../adapters/db/schema';
import { startTestServer, testAddress, testBackends, testCard, type TestClient, type TestServer } from '../test/harness';
import { DomainError } from './errors';
import { createInventory, type Inventory } from './inventory';

const key = () => `test-${crypto.randomUUID()}`;

describe.each(testBackends)('inventory on %s', (backend) => {
  let server: TestServer;
  let inventory: Inventory;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    inventory = server.services.inventory;
  });
  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.services.database.db;

  async function stockOf(variantId: string) {
    const [row] = await db().select().from(stock).where(eq(stock.variantId, variantId));
    return row!;
  }

  async function holdsOf(orderId: string) {
    return db().select().from(reservations).where(eq(reservations.orderId, orderId));
  }

  async function orderRow(orderId: string) {
    const [row] = await db().select().from(orders).where(eq(orders.id, orderId));
    return row!;
  }

  /** Moves an order's holds into the past, as if their time had run out. */
  async function expireHoldsOf(orderId: string) {
    await db()
      .update(reservations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(reservations.orderId, orderId));
  }

  async function checkout(c: TestClient, items: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}) {
    return c.post('/api/checkout', { items, address: testAddress, ...extra }, { 'Idempotency-Key': key() });
  }

  async function pendingOrder(c: TestClient, items: { variantId: string; quantity: number }[]) {
    const res = await checkout(c, items);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.order.id as string;
  }

  /** The provider's word that a payment succeeded, arriving whenever it arrives. */
  async function latePayment(orderId: string) {
    const row = await orderRow(orderId);
    expect(row.paymentRef).toBeTruthy();
    await server.services.demo!.charge(row.paymentRef!, { card: testCard, save: null });
  }

  const codeOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' && r.reason instanceof DomainError ? r.reason.code : r.status === 'rejected' ? String(r.reason) : null;

  describe('reserve()', () => {
    it('50 concurrent requests for 7 units: exactly 7 granted, reserved = 7, the rest SOLD_OUT', async () => {
      const variantId = 'signet-ring-9';
      await inventory.setStock(variantId, 7);
      const orderIds = Array.from({ length: 50 }, () => crypto.randomUUID());
      const results = await Promise.allSettled(orderIds.map((id) => inventory.reserve(id, [{ variantId, quantity: 1 }])));
      const granted = results.filter((r) => r.status === 'fulfilled');
      expect(granted).toHaveLength(7);
      expect(results.filter((r) => r.status === 'rejected').map(codeOf)).toEqual(Array(43).fill('SOLD_OUT'));
      expect(await stockOf(variantId)).toMatchObject({ onHand: 7, reserved: 7 });
      const held = await db()
        .select()
        .from(reservations)
        .where(and(eq(reservations.variantId, variantId), eq(reservations.status, 'held')));
      expect(held.reduce((n, r) => n + r.quantity, 0)).toBe(7);
      expect(new Set(held.map((h) => h.orderId)).size).toBe(7);
    });

    it('requests of mixed sizes, spread over time and over two server instances, never take more than on hand', async () => {
      const variantId = 'signet-ring-11';
      await inventory.setStock(variantId, 10);
      // A second instance of the service on the same database, as on a second server.
      const other = createInventory(db(), { reservationTtlSeconds: 900 });
      const requests = Array.from({ length: 40 }, (_, i) => ({ orderId: crypto.randomUUID(), quantity: (i % 3) + 1, via: i % 2 ? inventory : other }));
      const results = await Promise.allSettled(
        requests.map(async (r, i) => {
          await new Promise((resolve) => setTimeout(resolve, i % 5));
          return r.via.reserve(r.orderId, [{ variantId, quantity: r.quantity }]);
        }),
      );
      const grantedUnits = requests.reduce((n, r, i) => n + (results[i]!.status === 'fulfilled' ? r.quantity : 0), 0);
      expect(grantedUnits).toBeLessThanOrEqual(10);
      const after = await stockOf(variantId);
      expect(after).toMatchObject({ onHand: 10, reserved: grantedUnits });
      // Free units only shrank during the run, so no request was turned down while it would have fit.
      const freeAtEnd = after.onHand - after.reserved;
      requests.forEach((r, i) => {
        const result = results[i]!;
        if (result.status === 'rejected') {
          expect(['SOLD_OUT', 'INSUFFICIENT_STOCK']).toContain(codeOf(result));
          expect(r.quantity).toBeGreaterThan(freeAtEnd);
        }
      });
    });

    it('is all-or-nothing over several lines: when one line cannot be had, the others are given back', async () => {
      const [a, b] = ['field-watch-steel', 'field-watch-green-canvas'];
      await inventory.setStock(a, 5);
      await inventory.setStock(b, 0);
      const soldOut = crypto.randomUUID();
      await expect(inventory.reserve(soldOut, [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 1 }])).rejects.toMatchObject({ code: 'SOLD_OUT', details: { variantId: b } });
      expect(await stockOf(a)).toMatchObject({ onHand: 5, reserved: 0 });
      expect((await holdsOf(soldOut)).filter((h) => h.status === 'held')).toEqual([]);

      await inventory.setStock(b, 1);
      const short = crypto.randomUUID();
      await expect(inventory.reserve(short, [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 2 }])).rejects.toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        details: { variantId: b, available: 1 },
      });
      expect(await stockOf(a)).toMatchObject({ reserved: 0 });
      expect(await stockOf(b)).toMatchObject({ reserved: 0 });

      // The same variant on two lines counts once, in full.
      await expect(inventory.reserve(crypto.randomUUID(), [{ variantId: a, quantity: 3 }, { variantId: a, quantity: 3 }])).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(await stockOf(a)).toMatchObject({ reserved: 0 });

      const ok = crypto.randomUUID();
      await inventory.reserve(ok, [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 1 }]);
      expect(await stockOf(a)).toMatchObject({ onHand: 5, reserved: 2 });
      expect(await stockOf(b)).toMatchObject({ onHand: 1, reserved: 1 });
      await inventory.release(ok);
    });

    it('all-or-nothing holds under concurrency: every order gets both lines or neither', async () => {
      const [a, b] = ['pendant-necklace-gold', 'pendant-necklace-silver'];
      await inventory.setStock(a, 6);
      await inventory.setStock(b, 3);
      const ids = Array.from({ length: 12 }, () => crypto.randomUUID());
      const results = await Promise.allSettled(ids.map((id) => inventory.reserve(id, [{ variantId: a, quantity: 1 }, { variantId: b, quantity: 1 }])));
      const winners = results.filter((r) => r.status === 'fulfilled').length;
      expect(winners).toBeGreaterThanOrEqual(1);
      expect(winners).toBeLessThanOrEqual(3);
      expect((await stockOf(a)).reserved).toBe(winners);
      expect((await stockOf(b)).reserved).toBe(winners);
      for (const [i, id] of ids.entries()) {
        const held = (await holdsOf(id)).filter((h) => h.status === 'held');
        expect(held.length, `order ${i}`).toBe(results[i]!.status === 'fulfilled' ? 2 : 0);
      }
    });
  });

  describe('release()', () => {
    it('gives the held units back, once', async () => {
      const variantId = 'signet-ring-13';
      await inventory.setStock(variantId, 4);
      const orderId = crypto.randomUUID();
      await inventory.reserve(orderId, [{ variantId, quantity: 3 }]);
      expect(await stockOf(variantId)).toMatchObject({ onHand: 4, reserved: 3 });
      await expect(inventory.reserve(crypto.randomUUID(), [{ variantId, quantity: 2 }])).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      await inventory.release(orderId);
      expect(await stockOf(variantId)).toMatchObject({ onHand: 4, reserved: 0 });
      expect((await holdsOf(orderId)).map((h) => h.status)).toEqual(['released']);
      await inventory.release(orderId);
      await inventory.release(crypto.randomUUID());
      expect(await stockOf(variantId)).toMatchObject({ onHand: 4, reserved: 0 });
      // The units are free for the next buyer.
      await inventory.reserve(crypto.randomUUID(), [{ variantId, quantity: 4 }]);
      expect(await stockOf(variantId)).toMatchObject({ reserved: 4 });
    });
  });

  describe('expiry', () => {
    it('an expired hold is released by expireReservations() and its pending order is cancelled; live holds stay', async () => {
      const variantId = 'round-glasses-tortoise';
      const c = server.client();
      const before = await stockOf(variantId);
      const expiring = await pendingOrder(c, [{ variantId, quantity: 2 }]);
      const live = await pendingOrder(c, [{ variantId, quantity: 1 }]);
      expect(await stockOf(variantId)).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 3 });
      await expireHoldsOf(expiring);
      expect(await server.services.checkout.expireReservations()).toBeGreaterThanOrEqual(1);
      expect(await stockOf(variantId)).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 1 });
      expect((await holdsOf(expiring)).map((h) => h.status)).toEqual(['released']);
      expect((await holdsOf(live)).map((h) => h.status)).toEqual(['held']);
      const cancelled = await c.get(`/api/orders/${expiring}`);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reservedUntil: null });
      expect((await c.get(`/api/orders/${live}`)).body.status).toBe('pending');
      // The shopper can no longer pay it through the card form.
      const pay = await c.post('/api/payments/demo/confirm', { orderId: expiring, card: testCard });
      expect(pay.status).toBe(409);
      expect(pay.body.error.code).toBe('ORDER_NOT_PAYABLE');
      // Sweeping again changes nothing.
      await server.services.checkout.expireReservations();
      expect(await stockOf(variantId)).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 1 });
      expect((await orderRow(expiring)).status).toBe('cancelled');
    });

    it('a payment arriving after expiry sells the units when they are still free', async () => {
      const variantId = 'round-glasses-black';
      const c = server.client();
      const before = await stockOf(variantId);
      const orderId = await pendingOrder(c, [{ variantId, quantity: 2 }]);
      await expireHoldsOf(orderId);
      await server.services.checkout.expireReservations();
      expect((await orderRow(orderId)).status).toBe('cancelled');
      expect(await stockOf(variantId)).toMatchObject(before);

      await latePayment(orderId);
      const order = await c.get(`/api/orders/${orderId}`);
      expect(order.body.status).toBe('paid');
      expect(order.body.paidAt).not.toBeNull();
      expect(await stockOf(variantId)).toMatchObject({ onHand: before.onHand - 2, reserved: before.reserved });
    });

    it('a payment arriving after expiry is refunded when the units were sold meanwhile: no oversell', async () => {
      const variantId = 'signet-ring-15';
      await inventory.setStock(variantId, 2);
      const late = server.client();
      const prompt = server.client();
      const lateOrder = await pendingOrder(late, [{ variantId, quantity: 2 }]);
      await expireHoldsOf(lateOrder);
      await server.services.checkout.expireReservations();
      const promptOrder = await pendingOrder(prompt, [{ variantId, quantity: 2 }]);
      expect((await prompt.post('/api/payments/demo/confirm', { orderId: promptOrder, card: testCard })).body.status).toBe('paid');
      expect(await stockOf(variantId)).toMatchObject({ onHand: 0, reserved: 0 });

      await latePayment(lateOrder);
      expect((await late.get(`/api/orders/${lateOrder}`)).body.status).toBe('refunded');
      expect((await prompt.get(`/api/orders/${promptOrder}`)).body.status).toBe('paid');
      expect(await stockOf(variantId)).toMatchObject({ onHand: 0, reserved: 0 });
      // The money went back through the provider, recorded in the inbox.
      const events = await db().select().from(paymentEvents).where(eq(paymentEvents.orderId, lateOrder));
      expect(events.map((e) => e.outcome)).toContain('refunded-out-of-stock');
      expect(events.map((e) => e.type)).toContain('payment.refunded');
    });

    it('a late payment for several lines is refunded whole when one line is gone, and takes none of the others', async () => {
      const [kept, gone] = ['canvas-sneakers-white-24', 'canvas-sneakers-black-24'];
      await inventory.setStock(kept, 5);
      await inventory.setStock(gone, 1);
      const c = server.client();
      const orderId = await pendingOrder(c, [{ variantId: kept, quantity: 2 }, { variantId: gone, quantity: 1 }]);
      await expireHoldsOf(orderId);
      await server.services.checkout.expireReservations();
      const rival = server.client();
      const rivalOrder = await pendingOrder(rival, [{ variantId: gone, quantity: 1 }]);
      expect((await rival.post('/api/payments/demo/confirm', { orderId: rivalOrder, card: testCard })).body.status).toBe('paid');

      await latePayment(orderId);
      expect((await orderRow(orderId)).status).toBe('refunded');
      expect(await stockOf(kept)).toMatchObject({ onHand: 5, reserved: 0 });
      expect(await stockOf(gone)).toMatchObject({ onHand: 0, reserved: 0 });
    });
  });

  describe('discount usage cap', () => {
    async function usedCount(code: string) {
      const [row] = await db().select().from(discounts).where(eq(discounts.code, code));
      return row!.usedCount;
    }

    it('10 concurrent checkouts with a code capped at 3: exactly 3 get it, the rest 409 DISCOUNT_EXHAUSTED, holds given back', async () => {
      const code = `CAP3${backend.toUpperCase()}`;
      const variantId = 'ceramic-mug-celadon';
      await server.services.discounts.upsert({ code, kind: 'fixed', value: 100, currency: 'JPY', minSubtotal: 0, maxUses: 3 });
      const before = await stockOf(variantId);
      const buyers = Array.from({ length: 10 }, () => server.client());
      const results = await Promise.all(buyers.map((b) => checkout(b, [{ variantId, quantity: 1 }], { discountCode: code.toLowerCase() })));
      const winners = results.filter((r) => r.status === 201);
      expect(winners).toHaveLength(3);
      for (const w of winners) {
        expect(w.body.order.discountCode).toBe(code);
        expect(w.body.order.totals.discount.amount).toBe(100);
      }
      const losers = results.filter((r) => r.status !== 201);
      expect(losers.map((r) => [r.status, r.body.error?.code])).toEqual(Array(7).fill([409, 'DISCOUNT_EXHAUSTED']));
      expect(await usedCount(code)).toBe(3);
      expect(await stockOf(variantId)).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 3 });
      // Nobody who lost holds an order.
      for (const [i, b] of buyers.entries()) {
        expect((await b.get('/api/orders')).body.items.length, `buyer ${i}`).toBe(results[i]!.status === 201 ? 1 : 0);
      }

      // A cancelled order gives its use back; the next buyer gets it, and then the code is used up again.
      const [first, second] = winners;
      const firstBuyer = buyers[results.indexOf(first!)]!;
      expect((await firstBuyer.post(`/api/orders/${first!.body.order.id}/cancel`)).body.status).toBe('cancelled');
      expect(await usedCount(code)).toBe(2);
      const next = await checkout(server.client(), [{ variantId, quantity: 1 }], { discountCode: code });
      expect(next.status).toBe(201);
      expect(next.body.order.discountCode).toBe(code);
      expect(await usedCount(code)).toBe(3);
      const tooLate = await checkout(server.client(), [{ variantId, quantity: 1 }], { discountCode: code });
      expect(tooLate.status).toBe(409);
      expect(tooLate.body.error.code).toBe('DISCOUNT_EXHAUSTED');

      // An order whose hold expires gives its use back too.
      await expireHoldsOf(second!.body.order.id);
      await server.services.checkout.expireReservations();
      expect((await orderRow(second!.body.order.id)).status).toBe('cancelled');
      expect(await usedCount(code)).toBe(2);

      // A paid order keeps its use.
      const third = winners[2]!;
      const thirdBuyer = buyers[results.indexOf(third)]!;
      expect((await thirdBuyer.post('/api/payments/demo/confirm', { orderId: third.body.order.id, card: testCard })).body.status).toBe('paid');
      expect(await usedCount(code)).toBe(2);
    });
  });
});
