import { describe, expect, it } from 'vitest';
import type { Variant } from '../../../common/api';
import { defaultVariant, stockLevel, variantPicker } from './variants';

const yen = (amount: number) => ({ amount, currency: 'JPY' as const });

function variant(id: string, options: Variant['options'], available: number, en = id, ja = id): Variant {
  return { id, sku: id.toUpperCase(), name: { en, ja }, options, price: yen(1000), available };
}

describe('stock level', () => {
  it('says in stock, only N left at five or fewer, and sold out at zero', () => {
    expect(stockLevel(40)).toEqual({ kind: 'in' });
    expect(stockLevel(6)).toEqual({ kind: 'in' });
    expect(stockLevel(5)).toEqual({ kind: 'low', left: 5 });
    expect(stockLevel(1)).toEqual({ kind: 'low', left: 1 });
    expect(stockLevel(0)).toEqual({ kind: 'out' });
  });

  it('opens on the first variant that can be bought', () => {
    const variants = [variant('a', {}, 0), variant('b', {}, 2)];
    expect(defaultVariant(variants)?.id).toBe('b');
    expect(defaultVariant([variant('a', {}, 0)])?.id).toBe('a');
  });
});

describe('variant picker', () => {
  it('offers one swatch per variant for colour-only products', () => {
    const variants = [
      variant('cap-navy', { color: 'Navy', colorHex: '#1f2a44' }, 3, 'Navy', 'ネイビー'),
      variant('cap-red', { color: 'Red', colorHex: '#c0392b' }, 0, 'Red', 'レッド'),
    ];
    const [group] = variantPicker(variants, 'cap-navy', 'ja');
    expect(group!.axis).toBe('color');
    expect(group!.options.map((o) => [o.variantId, o.label, o.hex, o.selected])).toEqual([
      ['cap-navy', 'ネイビー', '#1f2a44', true],
      ['cap-red', 'レッド', '#c0392b', false],
    ]);
  });

  it('offers size buttons when only the size differs', () => {
    const variants = ['9', '11'].map((s) => variant(`ring-${s}`, { color: 'Silver', colorHex: '#c0c0c0', size: s }, 5, `Size ${s}`, `${s}号`));
    const [group] = variantPicker(variants, 'ring-11', 'en');
    expect(group!.axis).toBe('size');
    expect(group!.options.map((o) => [o.label, o.selected])).toEqual([
      ['Size 9', false],
      ['Size 11', true],
    ]);
  });

  it('splits colour and size into two rows, each option pointing at the variant it selects', () => {
    const variants = [
      variant('hat-olive-m', { color: 'Olive', colorHex: '#6b7446', size: 'M' }, 4, 'Olive / M', 'オリーブ / M'),
      variant('hat-olive-l', { color: 'Olive', colorHex: '#6b7446', size: 'L' }, 0, 'Olive / L', 'オリーブ / L'),
      variant('hat-black-m', { color: 'Black', colorHex: '#202020', size: 'M' }, 4, 'Black / M', 'ブラック / M'),
      variant('hat-black-l', { color: 'Black', colorHex: '#202020', size: 'L' }, 4, 'Black / L', 'ブラック / L'),
    ];
    const [colors, sizes] = variantPicker(variants, 'hat-olive-m', 'ja');
    expect(colors!.axis).toBe('color');
    expect(colors!.options.map((o) => [o.label, o.variantId, o.selected])).toEqual([
      ['オリーブ', 'hat-olive-m', true],
      ['ブラック', 'hat-black-m', false],
    ]);
    expect(sizes!.axis).toBe('size');
    expect(sizes!.options.map((o) => [o.label, o.variantId, o.selected, o.available])).toEqual([
      ['M', 'hat-olive-m', true, 4],
      ['L', 'hat-olive-l', false, 0],
    ]);
  });

  it('shows nothing to pick for a single variant', () => {
    expect(variantPicker([variant('only', {}, 1)], 'only', 'en')).toEqual([]);
  });
});
