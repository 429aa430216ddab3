import { describe, expect, it } from 'vitest';
import { checkDiscount, type DiscountRow } from './discounts';

const row = (over: Partial<DiscountRow> = {}): DiscountRow => ({
  code: 'SPRING', kind: 'percent', value: 15, currency: 'JPY', minSubtotal: 1000,
  startsAt: new Date('2026-03-01T00:00:00Z'), endsAt: new Date('2026-04-01T00:00:00Z'), maxUses: 10, usedCount: 0, ...over,
});
const during = new Date('2026-03-15T00:00:00Z');

describe('discount codes', () => {
  it('gives the rule inside its window and under its cap', () => {
    expect(checkDiscount(row(), 'JPY', during)).toEqual({ kind: 'percent', value: 15, minSubtotal: 1000 });
  });
  it('refuses unknown, early, expired, used-up and wrong-currency codes', () => {
    expect(() => checkDiscount(undefined, 'JPY', during)).toThrow(expect.objectContaining({ code: 'DISCOUNT_INVALID' }));
    expect(() => checkDiscount(row(), 'JPY', new Date('2026-02-28T23:59:59Z'))).toThrow(expect.objectContaining({ code: 'DISCOUNT_INVALID' }));
    expect(() => checkDiscount(row(), 'JPY', new Date('2026-04-01T00:00:00Z'))).toThrow(expect.objectContaining({ code: 'DISCOUNT_EXPIRED' }));
    expect(() => checkDiscount(row({ usedCount: 10 }), 'JPY', during)).toThrow(expect.objectContaining({ code: 'DISCOUNT_EXHAUSTED' }));
    expect(() => checkDiscount(row(), 'USD', during)).toThrow(expect.objectContaining({ code: 'DISCOUNT_INVALID' }));
  });
  it('has no cap when maxUses is null and no window when dates are null', () => {
    expect(checkDiscount(row({ maxUses: null, usedCount: 10_000, startsAt: null, endsAt: null }), 'JPY', during).kind).toBe('percent');
  });
});
