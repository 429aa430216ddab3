// Checkout: from a cart (or items bought directly from a live card) to a pending order with its
// stock reserved and its payment created. The order becomes paid only through payments.receive().
import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Address, CheckoutRequest, CheckoutResponse, Order } from '../../common/api';
import { computeTotals, maxLineQuantity, type DiscountRule } from '../../common/cart';
import type { Db } from '../adapters/db';
import { addresses, orderLines, orders } from '../adapters/db/schema';
import type { SessionInfo } from './accounts';
import { createBatchLoader } from './batch';
import type { Carts } from './carts';
import type { Catalog, VariantInfo } from './catalog';
import type { LiveCommerce } from './deals';
import { normalizeCode, type Discounts } from './discounts';
import { DomainError, notFound } from './errors';
import type { Inventory } from './inventory';
import { assertTransition } from './order-state';
import { loadOrder, toOrder, type OrderRow, type Viewer } from './orders';
import type { Payments } from './payments';

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};

export function createCheckout(
  db: Db,
  deps: { catalog: Catalog; carts: Carts; inventory: Inventory; discounts: Discounts; payments: Payments; live: LiveCommerce },
) {
  const { catalog, carts, inventory, discounts, payments, live } = deps;
  const provider = payments.provider;

  const loadByIdempotencyKey = createBatchLoader(async (keys: string[]) => {
    const pairs = keys.map((k) => k.split('\n') as [string, string]);
    const rows = await db
      .select()
      .from(orders)
      .where(inArray(orders.idempotencyKey, pairs.map(([, key]) => key)));
    return new Map(rows.map((r) => [`${r.ownerKey}\n${r.idempotencyKey}`, r]));
  });

  async function paymentSession(row: OrderRow): Promise<CheckoutResponse['payment']> {
    return {
      provider: row.paymentProvider,
      clientSecret: row.paymentRef && row.status === 'pending' ? await provider.clientSecretOf(row.paymentRef) : null,
      publishableKey: provider.publishableKey,
    };
  }

  async function replay(row: OrderRow, requestHash: string): Promise<CheckoutResponse> {
    if (row.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different checkout');
    }
    const order = (await loadOrder(db, row.id))!;
    return { order, payment: await paymentSession(row) };
  }

  async function savedAddress(userId: string): Promise<Address | null> {
    const [row] = await db.select().from(addresses).where(eq(addresses.userId, userId));
    return (row?.address as Address | undefined) ?? null;
  }

  async function cancelPending(orderId: string, reason: 'shopper' | 'expired' | 'payment-unavailable'): Promise<boolean> {
    let dealIds: string[] = [];
    const cancelled = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(orders)
        .set({ status: 'cancelled', updatedAt: new Date(), paymentError: reason === 'expired' ? 'Reservation expired' : null })
        .where(and(eq(orders.id, orderId), eq(orders.status, 'pending')))
        .returning();
      if (!row) return null;
      await inventory.releaseIn(tx, orderId);
      if (row.discountCode) await discounts.unclaimIn(tx, row.discountCode);
      dealIds = await live.settleClaimsIn(tx, orderId, 'released');
      return row;
    });
    if (dealIds.length) await live.announce(dealIds);
    if (cancelled?.paymentRef) {
      // Outside the transaction: a network call never holds one open. If the payment still
      // succeeds somewhere, its event revives or refunds the order (order-state.ts).
      await provider.cancelPayment(cancelled.paymentRef, `cancel:${cancelled.id}`).catch(() => undefined);
    }
    return cancelled !== null;
  }

  return {
    async createCheckout(session: SessionInfo, request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutResponse> {
      const requestHash = crypto.createHash('sha256').update(JSON.stringify(request)).digest('base64url');
      const existing = await loadByIdempotencyKey(`${session.ownerKey}\n${idempotencyKey}`);
      if (existing) return replay(existing, requestHash);

      // What is being bought, at the server's prices.
      const cart = request.items ? null : await carts.getCart(session.ownerKey);
      const wanted = request.items ?? cart!.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));
      if (wanted.length === 0) throw new DomainError('CART_EMPTY', 'Your cart is empty');
      // The per-item cap holds for the order, not per line: one variant on two lines adds up.
      const perVariant = new Map<string, number>();
      for (const l of wanted) perVariant.set(l.variantId, (perVariant.get(l.variantId) ?? 0) + l.quantity);
      if ([...perVariant.values()].some((q) => q > maxLineQuantity)) {
        throw new DomainError('VALIDATION_FAILED', `At most ${maxLineQuantity} of one item per order`);
      }
      // A flash deal prices its own variant only, inside its window; the show must be live to be named.
      const deal = request.dealId ? await live.forCheckout(request.dealId, wanted) : null;
      if (request.showId && deal && request.showId !== deal.showId) {
        throw new DomainError('VALIDATION_FAILED', 'This deal belongs to another show', { field: 'showId' });
      }
      if (request.showId) await live.assertShowLive(request.showId);
      const showId = request.showId ?? deal?.showId ?? null;
      const variantsById = new Map<string, VariantInfo>();
      for (const line of wanted) {
        const variant = await catalog.loadVariant(line.variantId);
        if (!variant) throw notFound('Variant');
        variantsById.set(variant.id, variant);
      }
      const currency = variantsById.get(wanted[0]!.variantId)!.currency;
      if ([...variantsById.values()].some((v) => v.currency !== currency)) {
        throw new DomainError('CURRENCY_MISMATCH', 'Items in different currencies cannot be bought together');
      }
      const priced = wanted.map((l) => ({
        ...l,
        variant: variantsById.get(l.variantId)!,
        unitPrice: { amount: deal ? deal.price : variantsById.get(l.variantId)!.price, currency },
      }));

      const code = request.discountCode ? normalizeCode(request.discountCode) : (cart?.discountCode ?? null);
      let rule: DiscountRule | null = null;
      if (code) {
        rule = await discounts.rule(code, currency);
        const subtotal = priced.reduce((s, l) => s + l.unitPrice.amount * l.quantity, 0);
        if (subtotal < rule.minSubtotal) {
          throw new DomainError('DISCOUNT_MINIMUM_NOT_MET', 'Your order is below the minimum for this code');
        }
      }
      const totals = computeTotals(priced, currency, rule);

      // Where it goes, and how it is paid.
      let address = request.address ?? null;
      if (!address && request.useSavedAddress) {
        address = session.user ? await savedAddress(session.user.id) : null;
        if (!address) throw new DomainError('NO_SAVED_ADDRESS', 'There is no saved address');
      }
      if (!address) throw new DomainError('VALIDATION_FAILED', 'A delivery address is required', { field: 'address' });
      const saved = request.useSavedPaymentMethod ? (session.user ? await payments.savedMethod(session.user.id) : null) : null;
      if (request.useSavedPaymentMethod && !saved) {
        throw new DomainError('NO_SAVED_PAYMENT_METHOD', 'There is no saved payment method');
      }

      const orderId = crypto.randomUUID();
      // The deal's units first: a buyer who loses the deal race hears SOLD_OUT without touching stock.
      if (deal) await live.claim(deal.id, { ownerKey: session.ownerKey, orderId, quantity: wanted.reduce((n, l) => n + l.quantity, 0) });
      let expiresAt: Date;
      try {
        ({ expiresAt } = await inventory.reserve(orderId, wanted));
      } catch (error) {
        if (deal) await live.release(orderId);
        throw error;
      }
      const lineRows = priced.map((l, position) => ({
        orderId,
        position,
        productId: l.variant.productId,
        variantId: l.variantId,
        nameJa: l.variant.name.ja,
        nameEn: l.variant.name.en,
        variantNameJa: l.variant.variantName.ja,
        variantNameEn: l.variant.variantName.en,
        image: l.variant.image,
        unitPrice: l.unitPrice.amount,
        quantity: l.quantity,
        dealId: deal?.id ?? null,
      }));
      let row: OrderRow;
      try {
        row = await db.transaction(async (tx) => {
          if (code) await discounts.claimIn(tx, code);
          const [inserted] = await tx
            .insert(orders)
            .values({
              id: orderId,
              userId: session.user?.id ?? null,
              sessionId: session.id,
              ownerKey: session.ownerKey,
              idempotencyKey,
              requestHash,
              status: 'pending',
              currency,
              subtotal: totals.subtotal.amount,
              discountTotal: totals.discount.amount,
              shippingTotal: totals.shipping.amount,
              total: totals.total.amount,
              discountCode: code,
              address,
              sourceCartId: cart?.id || null,
              showId,
              paymentProvider: provider.name,
              reservedUntil: expiresAt,
            })
            .returning();
          await tx.insert(orderLines).values(lineRows);
          return inserted!;
        });
      } catch (error) {
        await inventory.release(orderId);
        if (deal) await live.release(orderId);
        if (isUniqueViolation(error)) {
          // The same key raced in from another request: answer as that one did.
          const [winner] = await db
            .select()
            .from(orders)
            .where(and(eq(orders.ownerKey, session.ownerKey), eq(orders.idempotencyKey, idempotencyKey)));
          if (winner) return replay(winner, requestHash);
        }
        throw error;
      }

      let payment: { ref: string; clientSecret: string | null };
      try {
        payment = await provider.createPayment({
          orderId,
          amount: totals.total.amount,
          currency,
          idempotencyKey: `order:${orderId}`,
          customer: session.user ? { userId: session.user.id, email: session.user.email } : null,
          saveMethod: Boolean(request.saveCard && session.user),
          useSaved: saved,
        });
      } catch (error) {
        await cancelPending(orderId, 'payment-unavailable');
        if (error instanceof DomainError) throw error;
        throw new DomainError('PAYMENT_UNAVAILABLE', 'The payment provider could not be reached; nothing was charged. Please try again.');
      }
      const [stored] = await db
        .update(orders)
        .set({ paymentRef: payment.ref })
        .where(eq(orders.id, orderId))
        .returning({ status: orders.status });
      const appliedEarly = await payments.applyWaitingFor(payment.ref, orderId);
      // Usually nothing has happened to the new order yet, and what we wrote is what it is; a
      // one-tap payment or an early provider event may already have moved it on.
      const order = appliedEarly || stored?.status !== 'pending' ? (await loadOrder(db, orderId))! : toOrder({ ...row, paymentRef: payment.ref }, lineRows);
      return { order, payment: { provider: provider.name, clientSecret: payment.clientSecret, publishableKey: provider.publishableKey } };
    },

    /** The shopper gives up a pending order: its stock goes back at once. */
    async cancelByShopper(viewer: Viewer, orderId: string): Promise<Order> {
      const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
      if (!row || (row.ownerKey !== viewer.ownerKey && viewer.role !== 'admin')) throw notFound('Order');
      assertTransition(row.status, 'cancelled');
      await cancelPending(orderId, 'shopper');
      return (await loadOrder(db, orderId))!;
    },

    /** Admin: a paid order has shipped. */
    async fulfil(orderId: string): Promise<Order> {
      const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
      if (!row) throw notFound('Order');
      assertTransition(row.status, 'fulfilled');
      await db.update(orders).set({ status: 'fulfilled', updatedAt: new Date() }).where(and(eq(orders.id, orderId), eq(orders.status, 'paid')));
      return (await loadOrder(db, orderId))!;
    },

    /** Admin: give the money back. The order becomes refunded when the provider confirms the refund. */
    async refund(orderId: string): Promise<Order> {
      const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
      if (!row) throw notFound('Order');
      assertTransition(row.status, 'refunded');
      if (row.status === 'pending' || !row.paymentRef) throw new DomainError('INVALID_TRANSITION', 'Only a paid order can be refunded');
      await provider.refundPayment(row.paymentRef, `refund:${row.paymentRef}`);
      return (await loadOrder(db, orderId))!;
    },

    /** Periodic job: holds whose time is up go back to stock, and their orders are cancelled. */
    async expireReservations(): Promise<number> {
      const orderIds = await inventory.releaseExpired();
      for (const id of orderIds) {
        // A hold without a pending order (its checkout died between claiming and writing the order)
        // may still hold deal units: only such orphans have held claims left, so this frees them alone.
        if (!(await cancelPending(id, 'expired'))) await live.release(id);
      }
      return orderIds.length;
    },

    async saveAddress(userId: string, address: Address): Promise<void> {
      const values = { userId, address, updatedAt: new Date() };
      await db.insert(addresses).values(values).onConflictDoUpdate({ target: addresses.userId, set: values });
    },

    savedAddress,
    paymentSessionOf: paymentSession,
    toOrder,
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
