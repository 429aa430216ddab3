import { AlertCircle, RotateCw } from 'lucide-react';
import { readableError } from '../api';
import { useI18n } from '../useI18n';

/** A failure in words the shopper reads, with a retry when the action can be repeated. */
export function ErrorMessage({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { locale, t } = useI18n();
  return (
    <div className={`error-message${compact ? ' error-message--compact' : ''}`} role="alert" data-testid="error-message">
      <AlertCircle size={18} aria-hidden="true" className="error-message__icon" />
      <span className="error-message__text">{readableError(error, locale)}</span>
      {onRetry && (
        <button type="button" className="button button--ghost button--small" onClick={onRetry}>
          <RotateCw size={16} aria-hidden="true" />
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
