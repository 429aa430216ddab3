import { useId } from 'react';
import { addressFields, type AddressDraft, type AddressField, type FieldErrors } from '../forms';
import { useI18n } from '../useI18n';
import type { MessageKey } from '../i18n';
import { TextField } from './TextField';

const autoComplete: Record<AddressField, string> = {
  name: 'name',
  postalCode: 'postal-code',
  region: 'address-level1',
  city: 'address-level2',
  line1: 'address-line1',
  line2: 'address-line2',
  phone: 'tel',
};

const inputMode: Partial<Record<AddressField, 'numeric' | 'tel'>> = { phone: 'tel' };

interface Props {
  value: AddressDraft;
  errors: FieldErrors<AddressField>;
  disabled?: boolean;
  onChange(value: AddressDraft): void;
}

/** The Address fields of common/api.ts, labelled, in the order a Japanese address is written. */
export function AddressFields({ value, errors, disabled = false, onChange }: Props) {
  const { t } = useI18n();
  const idPrefix = useId();
  return (
    <div className="address-fields">
      {addressFields.map((field) => (
        <TextField
          key={field}
          id={`${idPrefix}-${field}`}
          className={`address-fields__${field}`}
          label={
            <>
              {t(`address.${field}` as MessageKey)}
              {field === 'line2' && <span className="field__optional"> ({t('common.optional')})</span>}
            </>
          }
          name={field}
          value={value[field]}
          autoComplete={autoComplete[field]}
          inputMode={inputMode[field]}
          required={field !== 'line2'}
          disabled={disabled}
          error={errors[field] && t('form.invalid')}
          describeError
          onChange={(event) => onChange({ ...value, [field]: event.target.value })}
        />
      ))}
    </div>
  );
}
