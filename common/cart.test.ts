import { describe, expect, it } from 'vitest';
import { computeTotals, discountAmount } from './cart';
import { money } from './money';

const yen = (amount: number) => money(amount, 'JPY');

describe('cart totals', () => {
  it('sums lines and charges shipping below the free-shipping threshold', () => {
    const t = computeTotals([{ unitPrice: yen(2200), quantity: 2 }], 'JPY');
    expect(t).toEqual({ subtotal: yen(4400), discount: yen(0), shipping: yen(600), total: yen(5000) });
  });

  it('ships free from ¥5,000 after discount, and an empty cart costs nothing', () => {
    expect(computeTotals([{ unitPrice: yen(5000), quantity: 1 }], 'JPY').shipping).toEqual(yen(0));
    const discounted = computeTotals([{ unitPrice: yen(5000), quantity: 1 }], 'JPY', { kind: 'fixed', value: 500, minSubtotal: 0 });
    expect(discounted.shipping).toEqual(yen(600));
    expect(discounted.total).toEqual(yen(5100));
    expect(computeTotals([], 'JPY').total).toEqual(yen(0));
  });

  it('applies percentage and fixed discounts, never below zero, only above the minimum', () => {
    expect(discountAmount(yen(6600), { kind: 'percent', value: 10, minSubtotal: 3000 })).toEqual(yen(660));
    expect(discountAmount(yen(2000), { kind: 'percent', value: 10, minSubtotal: 3000 })).toEqual(yen(0));
    expect(discountAmount(yen(300), { kind: 'fixed', value: 500, minSubtotal: 0 })).toEqual(yen(300));
    expect(discountAmount(yen(300), null)).toEqual(yen(0));
  });

  it('rejects quantities that are not positive integers', () => {
    expect(() => computeTotals([{ unitPrice: yen(100), quantity: 0 }], 'JPY')).toThrow(RangeError);
    expect(() => computeTotals([{ unitPrice: yen(100), quantity: 1.5 }], 'JPY')).toThrow(RangeError);
  });
});
