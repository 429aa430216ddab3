// Reading orders. An order is visible to its owner only (and to admins); anyone else gets 404.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Address, Order, OrderStatus, Page, Role } from '../../common/api';
import type { Db, Executor } from '../adapters/db';
import { orderLines, orders } from '../adapters/db/schema';
import { notFound } from './errors';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

export function toOrder(row: OrderRow, lines: OrderLineRow[]): Order {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    id: row.id,
    number: row.number,
    status: row.status as OrderStatus,
    lines: lines
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        productId: l.productId,
        variantId: l.variantId,
        name: { ja: l.nameJa, en: l.nameEn },
        variantName: { ja: l.variantNameJa, en: l.variantNameEn },
        image: l.image,
        unitPrice: money(l.unitPrice),
        quantity: l.quantity,
        lineTotal: money(l.unitPrice * l.quantity),
      })),
    totals: {
      subtotal: money(row.subtotal),
      discount: money(row.discountTotal),
      shipping: money(row.shippingTotal),
      total: money(row.total),
    },
    discountCode: row.discountCode,
    address: (row.address as Address | null) ?? null,
    paymentProvider: row.paymentProvider,
    paymentError: row.status === 'pending' ? row.paymentError : null,
    reservedUntil: row.status === 'pending' && row.reservedUntil ? row.reservedUntil.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
  };
}

export async function loadOrder(db: Executor, id: string): Promise<Order | null> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) return null;
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
  return toOrder(row, lines);
}

export interface Viewer {
  ownerKey: string;
  role: Role | null;
}

export function createOrders(db: Db) {
  return {
    async get(viewer: Viewer, id: string): Promise<Order> {
      const [row] = await db.select().from(orders).where(eq(orders.id, id));
      if (!row || (row.ownerKey !== viewer.ownerKey && viewer.role !== 'admin')) throw notFound('Order');
      const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
      return toOrder(row, lines);
    },

    async list(viewer: Viewer, page: number, pageSize: number): Promise<Page<Order>> {
      const [rows, [count]] = await Promise.all([
        db
          .select()
          .from(orders)
          .where(eq(orders.ownerKey, viewer.ownerKey))
          .orderBy(desc(orders.createdAt), desc(orders.number))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.ownerKey, viewer.ownerKey)),
      ]);
      const lines = rows.length
        ? await db
            .select()
            .from(orderLines)
            .where(inArray(orderLines.orderId, rows.map((r) => r.id)))
            .orderBy(asc(orderLines.position))
        : [];
      return {
        items: rows.map((r) => toOrder(r, lines.filter((l) => l.orderId === r.id))),
        total: count?.n ?? 0,
        page,
        pageSize,
      };
    },

    async ownedRow(viewer: Viewer, id: string): Promise<OrderRow> {
      const [row] = await db.select().from(orders).where(and(eq(orders.id, id)));
      if (!row || (row.ownerKey !== viewer.ownerKey && viewer.role !== 'admin')) throw notFound('Order');
      return row;
    },
  };
}

export type Orders = ReturnType<typeof createOrders>;
