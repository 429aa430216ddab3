// The product catalog: listing, detail, and variant lookups with their available stock.
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Category, Page, Product, ProductListQuery, ProductSummary, TryOnAnchor, Variant } from '../../common/api';
import type { Currency } from '../../common/money';
import type { Db } from '../adapters/db';
import { products, stock, variants } from '../adapters/db/schema';
import { createBatchLoader } from './batch';
import { notFound } from './errors';

export interface VariantInfo {
  id: string;
  productId: string;
  sku: string;
  price: number;
  currency: Currency;
  name: { ja: string; en: string };
  variantName: { ja: string; en: string };
  image: string;
  available: number;
}

const available = sql<number>`coalesce(sum(${stock.onHand} - ${stock.reserved}), 0)::int`;

export function createCatalog(db: Db) {
  const loadVariant = createBatchLoader(async (ids: string[]) => {
    const rows = await db
      .select({ v: variants, p: products, onHand: stock.onHand, reserved: stock.reserved })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .leftJoin(stock, eq(stock.variantId, variants.id))
      .where(inArray(variants.id, ids));
    return new Map(
      rows.map(({ v, p, onHand, reserved }): [string, VariantInfo] => [
        v.id,
        {
          id: v.id,
          productId: p.id,
          sku: v.sku,
          price: v.price,
          currency: p.currency,
          name: { ja: p.nameJa, en: p.nameEn },
          variantName: { ja: v.nameJa, en: v.nameEn },
          image: p.images[0] ?? '',
          available: (onHand ?? 0) - (reserved ?? 0),
        },
      ]),
    );
  });

  return {
    loadVariant,

    async listProducts(query: ProductListQuery): Promise<Page<ProductSummary>> {
      const conditions: SQL[] = [];
      if (query.category) conditions.push(eq(products.category, query.category));
      if (query.q) {
        const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(
          or(
            ilike(products.nameJa, pattern),
            ilike(products.nameEn, pattern),
            ilike(products.descriptionJa, pattern),
            ilike(products.descriptionEn, pattern),
          )!,
        );
      }
      const where = conditions.length ? and(...conditions) : undefined;
      const [rows, [count]] = await Promise.all([
        db
          .select({ p: products, priceFrom: sql<number>`min(${variants.price})::int`, available })
          .from(products)
          .leftJoin(variants, eq(variants.productId, products.id))
          .leftJoin(stock, eq(stock.variantId, variants.id))
          .where(where)
          .groupBy(products.id)
          .orderBy(asc(products.position), asc(products.id))
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize),
        db.select({ n: sql<number>`count(*)::int` }).from(products).where(where),
      ]);
      return {
        items: rows.map(({ p, priceFrom, available }) => ({
          id: p.id,
          category: p.category as Category,
          name: { ja: p.nameJa, en: p.nameEn },
          image: p.images[0] ?? '',
          priceFrom: { amount: priceFrom, currency: p.currency },
          available,
          hasModel: p.modelUrl !== null,
          tryOn: p.tryOnAnchor as TryOnAnchor | null,
        })),
        total: count?.n ?? 0,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async getProduct(id: string): Promise<Product> {
      const [p] = await db.select().from(products).where(eq(products.id, id));
      if (!p) throw notFound('Product');
      const rows = await db
        .select({ v: variants, onHand: stock.onHand, reserved: stock.reserved })
        .from(variants)
        .leftJoin(stock, eq(stock.variantId, variants.id))
        .where(eq(variants.productId, id))
        .orderBy(asc(variants.position));
      const variantList: Variant[] = rows.map(({ v, onHand, reserved }) => ({
        id: v.id,
        sku: v.sku,
        name: { ja: v.nameJa, en: v.nameEn },
        options: v.options,
        price: { amount: v.price, currency: p.currency },
        available: Math.max(0, (onHand ?? 0) - (reserved ?? 0)),
      }));
      const prices = variantList.map((v) => v.price.amount);
      return {
        id: p.id,
        category: p.category as Category,
        name: { ja: p.nameJa, en: p.nameEn },
        description: { ja: p.descriptionJa, en: p.descriptionEn },
        images: p.images,
        priceFrom: { amount: prices.length ? Math.min(...prices) : 0, currency: p.currency },
        available: variantList.reduce((sum, v) => sum + v.available, 0),
        hasModel: p.modelUrl !== null,
        tryOn: p.tryOnAnchor as TryOnAnchor | null,
        variants: variantList,
        model: { url: p.modelUrl, anchor: p.tryOnAnchor as TryOnAnchor | null },
      };
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
