import { describe, expect, it } from 'vitest';
import { add, formatMoney, money, multiply, percentOf, subtract } from './money';

describe('money', () => {
  it('keeps amounts as integers in minor units', () => {
    expect(() => money(12.5, 'JPY')).toThrow(RangeError);
    expect(multiply(money(1999, 'USD'), 3)).toEqual({ amount: 5997, currency: 'USD' });
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(100, 'JPY'), money(100, 'USD'))).toThrow(TypeError);
    expect(() => subtract(money(100, 'EUR'), money(1, 'JPY'))).toThrow(TypeError);
  });

  it('rounds percentages half up to the minor unit', () => {
    expect(percentOf(money(1005, 'JPY'), 10)).toEqual(money(101, 'JPY')); // 100.5 → 101
    expect(percentOf(money(1004, 'JPY'), 10)).toEqual(money(100, 'JPY')); // 100.4 → 100
    expect(percentOf(money(333, 'USD'), 33.33)).toEqual(money(111, 'USD'));
  });

  it('formats JPY without decimals and USD with cents', () => {
    expect(formatMoney(money(12800, 'JPY'), 'ja-JP')).toMatch(/^[¥￥]12,800$/);
    expect(formatMoney(money(12800, 'JPY'), 'en-US')).toBe('¥12,800');
    expect(formatMoney(money(1999, 'USD'), 'en-US')).toBe('$19.99');
  });
});
