import { MapPin } from 'lucide-react';
import { useId } from 'react';
import type { Address } from '../../../common/api';
import type { AddressDraft, AddressField, FieldErrors } from '../../lib/forms';
import { AddressFields } from '../../lib/ui/AddressFields';
import { useI18n } from '../../lib/useI18n';

interface Props {
  /** The signed-in shopper's saved address, offered first; null for guests and shoppers without one. */
  saved: Address | null;
  useSaved: boolean;
  onUseSavedChange(useSaved: boolean): void;
  draft: AddressDraft;
  onDraftChange(draft: AddressDraft): void;
  errors: FieldErrors<AddressField>;
  disabled: boolean;
}

/** Where the order goes: the saved address or a new one (the shop's checkout and a room's). */
export function AddressFieldset({ saved, useSaved, onUseSavedChange, draft, onDraftChange, errors, disabled }: Props) {
  const { t } = useI18n();
  const idPrefix = useId();
  return (
    <fieldset className="panel" disabled={disabled}>
      <legend className="panel__title">
        <MapPin size={18} aria-hidden="true" />
        {t('checkout.address')}
      </legend>
      {saved && (
        <div className="choice-list">
          <label className="choice" htmlFor={`${idPrefix}-saved`}>
            <input id={`${idPrefix}-saved`} type="radio" name="address-choice" checked={useSaved} onChange={() => onUseSavedChange(true)} />
            <span className="choice__text">
              <span className="choice__title">{t('checkout.useSaved')}</span>
              <span className="choice__detail">
                {saved.name}, {saved.postalCode} {saved.region} {saved.city} {saved.line1} {saved.line2}
              </span>
            </span>
          </label>
          <label className="choice" htmlFor={`${idPrefix}-new`}>
            <input id={`${idPrefix}-new`} type="radio" name="address-choice" checked={!useSaved} onChange={() => onUseSavedChange(false)} />
            <span className="choice__text">
              <span className="choice__title">{t('checkout.useNew')}</span>
            </span>
          </label>
        </div>
      )}
      {!(useSaved && saved) && <AddressFields value={draft} errors={errors} onChange={onDraftChange} />}
    </fieldset>
  );
}
