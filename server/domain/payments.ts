// Payments: the port that providers implement (adapters/payments), and the inbox through which
// every provider confirmation (Stripe webhooks, the demo provider's charges) changes orders.
// Events are stored by id first, then applied exactly once, in the provider's event order, whatever
// the order or duplication of deliveries — including an event that arrives before its order row.
import { and, asc, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { PaymentProviderName, SavedPaymentMethod } from '../../common/api';
import type { Currency } from '../../common/money';
import type { Db } from '../adapters/db';
import { orderLines, orders, paymentEvents, savedPaymentMethods } from '../adapters/db/schema';
import type { Carts } from './carts';
import type { LiveOrderHooks } from './deals';
import type { Discounts } from './discounts';
import type { Inventory } from './inventory';
import { effectOf, type PaymentEventKind } from './order-state';

export interface SavedMethodRef {
  customerRef: string;
  methodRef: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface CreatePaymentInput {
  orderId: string;
  amount: number;
  currency: Currency;
  /** Stable per order, so a retried call never creates a second payment. */
  idempotencyKey: string;
  customer: { userId: string; email: string } | null;
  /** Keep the card for one-tap buying next time (needs a customer). */
  saveMethod: boolean;
  /** Pay at once with this saved method (one-tap buying). */
  useSaved: SavedMethodRef | null;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  readonly publishableKey: string | null;
  createPayment(input: CreatePaymentInput): Promise<{ ref: string; clientSecret: string | null }>;
  /** The client secret of an existing payment, for a repeated checkout request. */
  clientSecretOf(ref: string): Promise<string | null>;
  cancelPayment(ref: string, idempotencyKey: string): Promise<void>;
  refundPayment(ref: string, idempotencyKey: string): Promise<void>;
}

/** A provider's confirmation, normalised. */
export interface PaymentEvent {
  provider: PaymentProviderName;
  id: string;
  type: PaymentEventKind;
  paymentRef: string;
  orderId: string | null;
  occurredAt: Date;
  failureMessage?: string;
  /** Present when the shopper asked to keep the card. */
  savedMethod?: SavedMethodRef & { userId: string };
}

interface FollowUp {
  refund?: { ref: string; provider: PaymentProviderName };
  /** Flash-deal claims that changed, and whether the order became paid ("just bought" ticker). */
  live?: { orderId: string; dealIds: string[]; paid: boolean };
  clearCart?: { cartId: string; variantIds: string[]; discountCode: string | null };
}

export function createPayments(
  db: Db,
  deps: { provider: PaymentProvider; inventory: Inventory; discounts: Discounts; carts: Carts; log: (msg: string) => void; live?: LiveOrderHooks },
) {
  const { provider, inventory, discounts, carts, log, live } = deps;

  /** Applies the waiting events of one payment. Returns what must happen outside the transaction. */
  async function applyWaiting(paymentRef: string, orderIdHint: string | null): Promise<number> {
    const followUps: FollowUp[] = [];
    const applied = await db.transaction(async (tx) => {
      const [order] = await tx
        .select()
        .from(orders)
        .where(orderIdHint ? or(eq(orders.paymentRef, paymentRef), eq(orders.id, orderIdHint)) : eq(orders.paymentRef, paymentRef))
        .for('update');
      if (!order) return 0; // not created yet: the events wait in the inbox
      const events = await tx
        .select()
        .from(paymentEvents)
        .where(and(eq(paymentEvents.paymentRef, paymentRef), isNull(paymentEvents.appliedAt)))
        .orderBy(asc(paymentEvents.occurredAt), asc(paymentEvents.receivedAt))
        .for('update', { skipLocked: true });
      let status = order.status;
      for (const event of events) {
        const effect = effectOf(event.type as PaymentEventKind, status);
        let outcome: string = effect.kind;
        const now = new Date();
        switch (effect.kind) {
          case 'mark-paid':
          case 'revive-or-refund': {
            const lines = await tx
              .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
              .from(orderLines)
              .where(eq(orderLines.orderId, order.id));
            const sold = await inventory.sellIn(tx, order.id, lines);
            if (sold) {
              status = 'paid';
              await tx.update(orders).set({ status, paidAt: now, paymentError: null, updatedAt: now }).where(eq(orders.id, order.id));
              if (effect.kind === 'revive-or-refund' && order.discountCode) await discounts.claimIn(tx, order.discountCode).catch(() => undefined);
              if (live) followUps.push({ live: { orderId: order.id, dealIds: await live.settleClaimsIn(tx, order.id, 'sold'), paid: true } });
              if (order.sourceCartId) {
                followUps.push({ clearCart: { cartId: order.sourceCartId, variantIds: lines.map((l) => l.variantId), discountCode: order.discountCode } });
              }
              const saved = (event.payload as { savedMethod?: PaymentEvent['savedMethod'] }).savedMethod;
              if (saved) {
                const values = { ...saved, provider: event.provider, updatedAt: now };
                await tx.insert(savedPaymentMethods).values(values).onConflictDoUpdate({ target: savedPaymentMethods.userId, set: values });
              }
            } else {
              // The units went to someone else while this payment was late: never oversell, give the money back.
              status = 'refunded';
              outcome = 'refunded-out-of-stock';
              await tx.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, order.id));
              if (effect.kind === 'mark-paid') await inventory.releaseIn(tx, order.id);
              if (live) followUps.push({ live: { orderId: order.id, dealIds: await live.settleClaimsIn(tx, order.id, 'released'), paid: false } });
              followUps.push({ refund: { ref: paymentRef, provider: event.provider } });
            }
            break;
          }
          case 'record-failure':
            await tx
              .update(orders)
              .set({ paymentError: (event.payload as { failureMessage?: string }).failureMessage ?? 'Payment failed', updatedAt: now })
              .where(eq(orders.id, order.id));
            break;
          case 'cancel':
            status = 'cancelled';
            await tx.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, order.id));
            await inventory.releaseIn(tx, order.id);
            if (order.discountCode) await discounts.unclaimIn(tx, order.discountCode);
            if (live) followUps.push({ live: { orderId: order.id, dealIds: await live.settleClaimsIn(tx, order.id, 'released'), paid: false } });
            break;
          case 'mark-refunded':
            if (status === 'pending') {
              await inventory.releaseIn(tx, order.id);
              if (live) followUps.push({ live: { orderId: order.id, dealIds: await live.settleClaimsIn(tx, order.id, 'released'), paid: false } });
            }
            status = 'refunded';
            await tx.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, order.id));
            break;
          case 'ignore':
            outcome = `ignored: ${effect.reason}`;
            break;
        }
        await tx
          .update(paymentEvents)
          .set({ appliedAt: now, outcome, orderId: order.id })
          .where(and(eq(paymentEvents.provider, event.provider), eq(paymentEvents.eventId, event.eventId)));
      }
      return events.length;
    });
    for (const f of followUps) {
      if (f.live) await live!.afterSettled(f.live);
      if (f.clearCart) await carts.removePurchased(f.clearCart.cartId, f.clearCart.variantIds, f.clearCart.discountCode);
      if (f.refund) {
        await provider.refundPayment(f.refund.ref, `refund:${f.refund.ref}`).catch((e: unknown) => log(`refund of ${f.refund!.ref} failed, will need a hand: ${String(e)}`));
      }
    }
    return applied;
  }

  return {
    provider,

    /** Stores a provider event (once per id) and applies it if its order exists. */
    async receive(event: PaymentEvent): Promise<'applied' | 'waiting' | 'duplicate'> {
      const inserted = await db
        .insert(paymentEvents)
        .values({
          provider: event.provider,
          eventId: event.id,
          type: event.type,
          paymentRef: event.paymentRef,
          orderId: event.orderId,
          occurredAt: event.occurredAt,
          payload: { failureMessage: event.failureMessage, savedMethod: event.savedMethod },
        })
        .onConflictDoNothing()
        .returning({ id: paymentEvents.eventId });
      if (inserted.length === 0) return 'duplicate';
      const applied = await applyWaiting(event.paymentRef, event.orderId);
      return applied > 0 ? 'applied' : 'waiting';
    },

    /** Applies events that arrived before their order (called after an order gets its payment ref). */
    async applyWaitingFor(paymentRef: string, orderId: string): Promise<boolean> {
      const [waiting] = await db
        .select({ id: paymentEvents.eventId })
        .from(paymentEvents)
        .where(and(eq(paymentEvents.paymentRef, paymentRef), isNull(paymentEvents.appliedAt)))
        .limit(1);
      return waiting ? (await applyWaiting(paymentRef, orderId)) > 0 : false;
    },

    /**
     * A periodic job: retries waiting events, newest first (an event for an order that is being
     * created is recent; one for a payment this shop never made can wait forever), and forgets
     * events, applied or not, after the retention time.
     */
    async sweepInbox(retentionDays: number): Promise<void> {
      const waiting = await db
        .select({ ref: paymentEvents.paymentRef, orderId: paymentEvents.orderId, receivedAt: sql<Date>`max(${paymentEvents.receivedAt})` })
        .from(paymentEvents)
        .where(isNull(paymentEvents.appliedAt))
        .groupBy(paymentEvents.paymentRef, paymentEvents.orderId)
        .orderBy(desc(sql`max(${paymentEvents.receivedAt})`))
        .limit(200);
      for (const w of waiting) await applyWaiting(w.ref, w.orderId);
      await db.delete(paymentEvents).where(lt(paymentEvents.receivedAt, sql`now() - make_interval(days => ${retentionDays})`));
    },

    async savedMethod(userId: string): Promise<(SavedPaymentMethod & SavedMethodRef) | null> {
      const [row] = await db.select().from(savedPaymentMethods).where(eq(savedPaymentMethods.userId, userId));
      if (!row || row.provider !== provider.name) return null;
      return row;
    },

    async forgetSavedMethod(userId: string): Promise<void> {
      await db.delete(savedPaymentMethods).where(eq(savedPaymentMethods.userId, userId));
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
