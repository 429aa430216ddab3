// Money is an integer in the currency's minor unit plus its ISO 4217 code (DESIGN.md §4).
// JPY has no minor unit, so ¥1,200 is { amount: 1200, currency: 'JPY' }.
import { z } from 'zod';

export const currencies = ['JPY', 'USD', 'EUR'] as const;
export type Currency = (typeof currencies)[number];
export const currencySchema = z.enum(currencies);

const minorUnitDigits: Record<Currency, number> = { JPY: 0, USD: 2, EUR: 2 };

export interface Money {
  amount: number;
  currency: Currency;
}

export const moneySchema = z.strictObject({
  amount: z.number().int(),
  currency: currencySchema,
});

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer in minor units, got ${amount}`);
  return { amount, currency };
}

export function zero(currency: Currency): Money {
  return { amount: 0, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new TypeError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiply(a: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new RangeError('quantity must be an integer');
  return money(a.amount * quantity, a.currency);
}

/** A percentage of an amount, rounded half up to the minor unit (so ¥1,005 × 10% = ¥101). */
export function percentOf(a: Money, percent: number): Money {
  // Integer arithmetic in hundredths of a percent avoids binary floating-point surprises.
  const basisPoints = Math.round(percent * 100);
  return money(Math.floor((a.amount * basisPoints + 5_000) / 10_000), a.currency);
}

export function minMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return a.amount <= b.amount ? a : b;
}

export function minorUnits(currency: Currency): number {
  return minorUnitDigits[currency];
}

/** Formats with Intl.NumberFormat, e.g. ¥1,200 (ja) or ¥1,200 (en), $12.00. */
export function formatMoney(value: Money, locale: string): string {
  const digits = minorUnitDigits[value.currency];
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: value.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value.amount / 10 ** digits);
}
