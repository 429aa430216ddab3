import { Minus, Plus } from 'lucide-react';
import { useI18n } from '../useI18n';

interface Props {
  value: number;
  min?: number;
  max: number;
  label: string;
  disabled?: boolean;
  onChange(value: number): void;
}

export function QuantityStepper({ value, min = 1, max, label, disabled = false, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div className="stepper" role="group" aria-label={label}>
      <button
        type="button"
        className="stepper__button"
        aria-label={t('product.decrease')}
        disabled={disabled || value <= min}
        onClick={() => onChange(value - 1)}
      >
        <Minus size={16} aria-hidden="true" />
      </button>
      <output className="stepper__value" aria-live="polite">
        {value}
      </output>
      <button
        type="button"
        className="stepper__button"
        aria-label={t('product.increase')}
        disabled={disabled || value >= max}
        onClick={() => onChange(value + 1)}
      >
        <Plus size={16} aria-hidden="true" />
      </button>
    </div>
  );
}
