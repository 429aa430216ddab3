// Cart and order totals. The server computes them from its own prices; the client only displays
// what the server sent. Both sides share this one function so that the rules live in one place.
import { add, minMoney, money, multiply, percentOf, subtract, zero, type Currency, type Money } from './money';

export interface PricedLine {
  unitPrice: Money;
  quantity: number;
}

export interface DiscountRule {
  kind: 'percent' | 'fixed';
  /** percent: 1–100; fixed: an amount in the currency's minor unit. */
  value: number;
  minSubtotal: number;
}

export interface ShippingRule {
  flatFee: number;
  freeFrom: number;
}

/** Default shipping for the demo shop: a flat fee, free from a subtotal (after discount). */
export const defaultShipping: Record<Currency, ShippingRule> = {
  JPY: { flatFee: 600, freeFrom: 5_000 },
  USD: { flatFee: 600, freeFrom: 5_000 },
  EUR: { flatFee: 600, freeFrom: 5_000 },
};

export interface Totals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  total: Money;
}

export const maxLineQuantity = 20;

export function lineTotal(line: PricedLine): Money {
  if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new RangeError('quantity must be a positive integer');
  return multiply(line.unitPrice, line.quantity);
}

/** The discount an eligible rule gives on a subtotal; never more than the subtotal. */
export function discountAmount(subtotal: Money, rule: DiscountRule | null): Money {
  if (!rule || subtotal.amount < rule.minSubtotal) return zero(subtotal.currency);
  const raw = rule.kind === 'percent' ? percentOf(subtotal, rule.value) : money(rule.value, subtotal.currency);
  return minMoney(raw, subtotal);
}

export function computeTotals(
  lines: PricedLine[],
  currency: Currency,
  discount: DiscountRule | null = null,
  shipping: ShippingRule = defaultShipping[currency],
): Totals {
  const subtotal = lines.reduce((sum, line) => add(sum, lineTotal(line)), zero(currency));
  const discountTotal = discountAmount(subtotal, discount);
  const afterDiscount = subtract(subtotal, discountTotal);
  const shippingTotal =
    lines.length === 0 || afterDiscount.amount >= shipping.freeFrom ? zero(currency) : money(shipping.flatFee, currency);
  return { subtotal, discount: discountTotal, shipping: shippingTotal, total: add(afterDiscount, shippingTotal) };
}
