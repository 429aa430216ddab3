// Discount codes: percentage or fixed, a validity window and a usage cap.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DiscountRule } from '../../common/cart';
import type { Currency } from '../../common/money';
import type { Db, Executor } from '../adapters/db';
import { discounts } from '../adapters/db/schema';
import { DomainError } from './errors';

export type DiscountRow = typeof discounts.$inferSelect;

export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** Checks a code's window, cap and currency at a moment; returns the rule to price with. */
export function checkDiscount(row: DiscountRow | undefined, currency: Currency, at: Date): DiscountRule {
  if (!row) throw new DomainError('DISCOUNT_INVALID', 'This code does not exist');
  if (row.currency !== currency) throw new DomainError('DISCOUNT_INVALID', 'This code is not valid for this currency');
  if (row.startsAt && at < row.startsAt) throw new DomainError('DISCOUNT_INVALID', 'This code is not valid yet');
  if (row.endsAt && at >= row.endsAt) throw new DomainError('DISCOUNT_EXPIRED', 'This code has expired');
  if (row.maxUses !== null && row.usedCount >= row.maxUses) {
    throw new DomainError('DISCOUNT_EXHAUSTED', 'This code has been used up');
  }
  return { kind: row.kind, value: row.value, minSubtotal: row.minSubtotal };
}

export function createDiscounts(db: Db, now: () => Date = () => new Date()) {
  return {
    async find(code: string): Promise<DiscountRow | undefined> {
      const [row] = await db.select().from(discounts).where(eq(discounts.code, normalizeCode(code)));
      return row;
    },

    async rule(code: string, currency: Currency): Promise<DiscountRule> {
      return checkDiscount(await this.find(code), currency, now());
    },

    /** Counts one use, in the order's transaction; the cap holds under concurrency (conditional update). */
    async claimIn(tx: Executor, code: string): Promise<void> {
      const claimed = await tx
        .update(discounts)
        .set({ usedCount: sql`${discounts.usedCount} + 1` })
        .where(and(eq(discounts.code, code), or(isNull(discounts.maxUses), lt(discounts.usedCount, discounts.maxUses))))
        .returning({ code: discounts.code });
      if (claimed.length === 0) throw new DomainError('DISCOUNT_EXHAUSTED', 'This code has been used up');
    },

    /** Gives a use back when its order is cancelled before payment. */
    async unclaimIn(tx: Executor, code: string): Promise<void> {
      await tx
        .update(discounts)
        .set({ usedCount: sql`greatest(${discounts.usedCount} - 1, 0)` })
        .where(eq(discounts.code, code));
    },

    async upsert(row: typeof discounts.$inferInsert): Promise<void> {
      const value = { ...row, code: normalizeCode(row.code) };
      await db.insert(discounts).values(value).onConflictDoUpdate({ target: discounts.code, set: value });
    },
  };
}

export type Discounts = ReturnType<typeof createDiscounts>;
