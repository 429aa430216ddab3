import { Check } from 'lucide-react';
import type { CSSProperties } from 'react';
import type { Variant } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import { variantPicker, type PickerGroup } from './variants';

const axisLabel = { color: 'product.color', size: 'product.size', variant: 'product.option' } as const;

interface Props {
  variants: readonly Variant[];
  selectedId: string;
  onSelect(variantId: string): void;
}

export function VariantPicker({ variants, selectedId, onSelect }: Props) {
  const { locale, t } = useI18n();
  const groups = variantPicker(variants, selectedId, locale);
  return (
    <div className="variant-picker">
      {groups.map((group: PickerGroup) => {
        const current = group.options.find((o) => o.selected);
        return (
          <fieldset key={group.axis} className={`variant-picker__group variant-picker__group--${group.axis}`}>
            <legend className="variant-picker__legend">
              {t(axisLabel[group.axis])}
              {current && <span className="variant-picker__current">{current.label}</span>}
            </legend>
            <div className="variant-picker__options">
              {group.options.map((option) => {
                const soldOut = option.available <= 0;
                const className = [
                  group.axis === 'color' ? 'swatch' : 'option-button',
                  soldOut ? 'is-sold-out' : '',
                ].join(' ');
                return (
                  <button
                    key={option.key}
                    type="button"
                    className={className}
                    data-testid="variant-option"
                    data-variant-id={option.variantId}
                    aria-pressed={option.selected}
                    aria-label={group.axis === 'color' ? `${option.label}${soldOut ? ` — ${t('product.soldOut')}` : ''}` : undefined}
                    title={group.axis === 'color' ? option.label : undefined}
                    onClick={() => onSelect(option.variantId)}
                    style={option.hex ? ({ '--swatch-color': option.hex } as CSSProperties) : undefined}
                  >
                    {group.axis === 'color' ? (
                      option.selected && <Check size={16} aria-hidden="true" className="swatch__check" />
                    ) : (
                      <>
                        {option.label}
                        {soldOut && <span className="visually-hidden"> — {t('product.soldOut')}</span>}
                      </>
                    )}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
