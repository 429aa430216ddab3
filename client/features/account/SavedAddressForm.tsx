import { Check } from 'lucide-react';
import { useState } from 'react';
import type { Me } from '../../../common/api';
import { addressDraftOf, checkAddress, type AddressDraft, type AddressField, type FieldErrors } from '../../lib/forms';
import { AddressFields } from '../../lib/ui/AddressFields';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { saveAddress } from './api';
import './account.css';

export function SavedAddressForm({ me }: { me: Me }) {
  const { t } = useI18n();
  const setMe = useStore((s) => s.setMe);
  const [draft, setDraft] = useState<AddressDraft>(() => addressDraftOf(me.savedAddress));
  const [errors, setErrors] = useState<FieldErrors<AddressField>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const checked = checkAddress(draft);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      setMe(await saveAddress(checked.value));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      className="saved-address"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={busy}>
        <AddressFields
          value={draft}
          errors={errors}
          onChange={(value) => {
            setDraft(value);
            setSaved(false);
          }}
        />
      </fieldset>
      {error !== null && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="save-address">
          {busy && <Spinner size={16} label={t('account.saving')} />}
          {busy ? t('account.saving') : t('account.saveAddress')}
        </button>
        {saved && (
          <span className="form-actions__done" role="status">
            <Check size={16} aria-hidden="true" />
            {t('account.addressSaved')}
          </span>
        )}
      </div>
    </form>
  );
}
