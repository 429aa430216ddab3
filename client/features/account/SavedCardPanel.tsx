import { CreditCard, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { Me } from '../../../common/api';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { removePaymentMethod } from './api';
import './account.css';

export function SavedCardPanel({ me }: { me: Me }) {
  const { t } = useI18n();
  const setMe = useStore((s) => s.setMe);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const card = me.savedPaymentMethod;

  if (!card) return <p className="muted">{t('account.noCard')}</p>;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      setMe(await removePaymentMethod());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="saved-card">
      <div className="saved-card__row">
        <CreditCard size={22} aria-hidden="true" />
        <span className="saved-card__text" data-testid="saved-card">
          {t('account.cardLine', { brand: card.brand, last4: card.last4, month: String(card.expMonth).padStart(2, '0'), year: card.expYear })}
        </span>
        <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void remove()} data-testid="remove-card">
          {busy ? <Spinner size={16} label={t('account.removing')} /> : <Trash2 size={16} aria-hidden="true" />}
          {busy ? t('account.removing') : t('account.removeCard')}
        </button>
      </div>
      {card.provider === 'demo' && <p className="muted">{t('account.demoCard')}</p>}
      {error !== null && <ErrorMessage error={error} compact />}
    </div>
  );
}
