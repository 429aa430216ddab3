// Which variant the shopper picked, and how the picker offers the choices. Products here vary by
// colour, by size, by both (a hat in two colours and two sizes) or by neither (one variant).
import type { Locale, Variant } from '../../../common/api';

export const lowStockThreshold = 5;

export type StockLevel = { kind: 'in' } | { kind: 'low'; left: number } | { kind: 'out' };

export function stockLevel(available: number): StockLevel {
  if (available <= 0) return { kind: 'out' };
  if (available <= lowStockThreshold) return { kind: 'low', left: available };
  return { kind: 'in' };
}

/** Opens on the first variant that can be bought, so the page does not start on "Sold out". */
export function defaultVariant(variants: readonly Variant[]): Variant | undefined {
  return variants.find((v) => v.available > 0) ?? variants[0];
}

export interface PickerOption {
  key: string;
  label: string;
  /** A colour swatch, when the option is a colour. */
  hex: string | null;
  /** The variant a click selects: in a two-axis picker, this colour (or size) with the other choice kept. */
  variantId: string;
  selected: boolean;
  available: number;
}

export interface PickerGroup {
  axis: 'color' | 'size' | 'variant';
  options: PickerOption[];
}

const colorKey = (v: Variant) => v.options.colorHex ?? v.options.color ?? '';
const sizeKey = (v: Variant) => v.options.size ?? '';
const distinct = (variants: readonly Variant[], key: (v: Variant) => string) => [...new Set(variants.map(key))];

/**
 * A two-axis variant is named "Colour / Size" in each language (the contract has no localised
 * option labels), so the parts of its name label the swatch and the size button.
 */
function namePart(variant: Variant, locale: Locale, index: 0 | 1, fallback: string): string {
  const parts = variant.name[locale].split(' / ');
  return parts.length === 2 ? parts[index]!.trim() : fallback;
}

export function variantPicker(variants: readonly Variant[], selectedId: string, locale: Locale): PickerGroup[] {
  if (variants.length < 2) return [];
  const selected = variants.find((v) => v.id === selectedId) ?? variants[0]!;
  const colors = distinct(variants, colorKey);
  const sizes = distinct(variants, sizeKey);
  const combos = new Set(variants.map((v) => `${colorKey(v)}|${sizeKey(v)}`));
  const twoAxes = colors.length > 1 && sizes.length > 1 && combos.size === variants.length;

  if (twoAxes) {
    const pick = (match: (v: Variant) => boolean, keep: (v: Variant) => boolean) =>
      variants.find((v) => match(v) && keep(v)) ?? variants.find((v) => match(v) && v.available > 0) ?? variants.find(match)!;
    const colorOptions = colors.map((key) => {
      const target = pick((v) => colorKey(v) === key, (v) => sizeKey(v) === sizeKey(selected));
      const ofColor = variants.filter((v) => colorKey(v) === key);
      return {
        key,
        label: namePart(target, locale, 0, target.options.color ?? key),
        hex: target.options.colorHex ?? null,
        variantId: target.id,
        selected: colorKey(selected) === key,
        available: ofColor.reduce((sum, v) => sum + Math.max(0, v.available), 0),
      };
    });
    const sizeOptions = sizes.map((key) => {
      const target = pick((v) => sizeKey(v) === key, (v) => colorKey(v) === colorKey(selected));
      return {
        key,
        label: namePart(target, locale, 1, key),
        hex: null,
        variantId: target.id,
        selected: sizeKey(selected) === key,
        available: target.available,
      };
    });
    return [
      { axis: 'color', options: colorOptions },
      { axis: 'size', options: sizeOptions },
    ];
  }

  // One axis: one button per variant, drawn as swatches when the variants differ by colour.
  const axis: PickerGroup['axis'] = colors.length === variants.length ? 'color' : sizes.length === variants.length ? 'size' : 'variant';
  return [
    {
      axis,
      options: variants.map((v) => ({
        key: v.id,
        label: v.name[locale],
        hex: axis === 'color' ? (v.options.colorHex ?? null) : null,
        variantId: v.id,
        selected: v.id === selected.id,
        available: v.available,
      })),
    },
  ];
}
