// Carts belong to an owner (a signed-in user, or a guest session). Prices and totals come from the
// catalog on every read: a price sent by a client is never used.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Cart, CartLine } from '../../common/api';
import { computeTotals, lineTotal, maxLineQuantity, type DiscountRule } from '../../common/cart';
import type { Currency } from '../../common/money';
import type { Db } from '../adapters/db';
import { cartLines, carts, products, stock, variants } from '../adapters/db/schema';
import type { Catalog } from './catalog';
import type { Discounts } from './discounts';
import { DomainError, notFound } from './errors';

export function createCarts(db: Db, catalog: Catalog, discounts: Discounts) {
  async function cartIdFor(ownerKey: string, create: boolean): Promise<string | null> {
    const [row] = await db.select({ id: carts.id }).from(carts).where(eq(carts.ownerKey, ownerKey));
    if (row || !create) return row?.id ?? null;
    const inserted = await db
      .insert(carts)
      .values({ id: crypto.randomUUID(), ownerKey })
      .onConflictDoUpdate({ target: carts.ownerKey, set: { updatedAt: sql`now()` } })
      .returning({ id: carts.id });
    return inserted[0]!.id;
  }

  async function touch(cartId: string) {
    await db.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cartId));
  }

  async function getCart(ownerKey: string): Promise<Cart> {
    const [cart] = await db.select().from(carts).where(eq(carts.ownerKey, ownerKey));
    if (!cart) return emptyCart();
    const rows = await db
      .select({
        lineId: cartLines.id,
        quantity: cartLines.quantity,
        v: variants,
        p: products,
        free: sql<number>`coalesce(${stock.onHand} - ${stock.reserved}, 0)`,
      })
      .from(cartLines)
      .innerJoin(variants, eq(variants.id, cartLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .leftJoin(stock, eq(stock.variantId, variants.id))
      .where(eq(cartLines.cartId, cart.id))
      .orderBy(asc(cartLines.addedAt), asc(cartLines.id));
    const currency: Currency = rows[0]?.p.currency ?? 'JPY';
    const lines: CartLine[] = rows.map(({ lineId, quantity, v, p, free }) => {
      const unitPrice = { amount: v.price, currency: p.currency };
      return {
        id: lineId,
        productId: p.id,
        variantId: v.id,
        name: { ja: p.nameJa, en: p.nameEn },
        variantName: { ja: v.nameJa, en: v.nameEn },
        image: p.images[0] ?? '',
        unitPrice,
        quantity,
        lineTotal: lineTotal({ unitPrice, quantity }),
        available: Math.max(0, free),
      };
    });
    let rule: DiscountRule | null = null;
    let discountProblem: string | null = null;
    if (cart.discountCode) {
      try {
        rule = await discounts.rule(cart.discountCode, currency);
        const subtotal = lines.reduce((s, l) => s + l.lineTotal.amount, 0);
        if (subtotal < rule.minSubtotal) discountProblem = 'DISCOUNT_MINIMUM_NOT_MET';
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        discountProblem = error.code;
      }
    }
    return {
      id: cart.id,
      lines,
      discountCode: cart.discountCode,
      discountProblem,
      totals: computeTotals(lines, currency, rule),
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    };
  }

  async function ownedLine(ownerKey: string, lineId: string) {
    const [row] = await db
      .select({ id: cartLines.id, cartId: cartLines.cartId, variantId: cartLines.variantId })
      .from(cartLines)
      .innerJoin(carts, eq(carts.id, cartLines.cartId))
      .where(and(eq(cartLines.id, lineId), eq(carts.ownerKey, ownerKey)));
    // Another owner's line is "not found", not "forbidden": its existence is not disclosed.
    if (!row) throw notFound('Cart line');
    return row;
  }

  async function checkQuantity(variantId: string, quantity: number): Promise<void> {
    const variant = await catalog.loadVariant(variantId);
    if (!variant) throw notFound('Variant');
    if (quantity > maxLineQuantity) {
      throw new DomainError('VALIDATION_FAILED', `At most ${maxLineQuantity} of one item per order`);
    }
    if (variant.available <= 0) throw new DomainError('SOLD_OUT', 'Sold out', { variantId });
    if (quantity > variant.available) {
      throw new DomainError('INSUFFICIENT_STOCK', `Only ${variant.available} left`, {
        variantId,
        available: variant.available,
      });
    }
  }

  return {
    getCart,
    cartIdFor,

    async addLine(ownerKey: string, variantId: string, quantity: number): Promise<Cart> {
      const cartId = (await cartIdFor(ownerKey, true))!;
      const [existing] = await db
        .select({ quantity: cartLines.quantity })
        .from(cartLines)
        .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
      const current = await getCart(ownerKey);
      const variant = await catalog.loadVariant(variantId);
      if (variant && current.lines.length > 0 && current.totals.total.currency !== variant.currency) {
        throw new DomainError('CURRENCY_MISMATCH', 'This item is sold in another currency than your cart');
      }
      await checkQuantity(variantId, (existing?.quantity ?? 0) + quantity);
      await db
        .insert(cartLines)
        .values({ id: crypto.randomUUID(), cartId, variantId, quantity })
        .onConflictDoUpdate({
          target: [cartLines.cartId, cartLines.variantId],
          set: { quantity: sql`${cartLines.quantity} + ${quantity}` },
        });
      await touch(cartId);
      return getCart(ownerKey);
    },

    async updateLine(ownerKey: string, lineId: string, quantity: number): Promise<Cart> {
      const line = await ownedLine(ownerKey, lineId);
      await checkQuantity(line.variantId, quantity);
      await db.update(cartLines).set({ quantity }).where(eq(cartLines.id, line.id));
      await touch(line.cartId);
      return getCart(ownerKey);
    },

    async removeLine(ownerKey: string, lineId: string): Promise<Cart> {
      const line = await ownedLine(ownerKey, lineId);
      await db.delete(cartLines).where(eq(cartLines.id, line.id));
      await touch(line.cartId);
      return getCart(ownerKey);
    },

    async applyDiscount(ownerKey: string, code: string): Promise<Cart> {
      const cart = await getCart(ownerKey);
      const row = await discounts.find(code);
      // Validate now so the shopper hears at once why a code does not work.
      const rule = await discounts.rule(code, cart.totals.total.currency);
      if (cart.totals.subtotal.amount < rule.minSubtotal) {
        throw new DomainError('DISCOUNT_MINIMUM_NOT_MET', 'Your cart is below the minimum for this code', {
          minSubtotal: { amount: rule.minSubtotal, currency: cart.totals.total.currency },
        });
      }
      const cartId = (await cartIdFor(ownerKey, true))!;
      await db.update(carts).set({ discountCode: row!.code, updatedAt: new Date() }).where(eq(carts.id, cartId));
      return getCart(ownerKey);
    },

    async removeDiscount(ownerKey: string): Promise<Cart> {
      await db.update(carts).set({ discountCode: null, updatedAt: new Date() }).where(eq(carts.ownerKey, ownerKey));
      return getCart(ownerKey);
    },

    /** After payment: the bought lines leave the cart they came from. */
    async removePurchased(cartId: string, variantIds: string[], discountCode: string | null): Promise<void> {
      if (variantIds.length === 0) return;
      await db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), inArray(cartLines.variantId, variantIds)));
      if (discountCode) {
        await db.update(carts).set({ discountCode: null }).where(and(eq(carts.id, cartId), eq(carts.discountCode, discountCode)));
      }
    },
  };
}

function emptyCart(): Cart {
  return {
    id: '',
    lines: [],
    discountCode: null,
    discountProblem: null,
    totals: computeTotals([], 'JPY'),
    itemCount: 0,
  };
}

export type Carts = ReturnType<typeof createCarts>;
