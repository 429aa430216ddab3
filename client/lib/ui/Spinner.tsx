import { LoaderCircle } from 'lucide-react';
import { useI18n } from '../useI18n';

export function Spinner({ label, size = 20 }: { label?: string; size?: number }) {
  const { t } = useI18n();
  return (
    <span className="spinner" role="status">
      <LoaderCircle size={size} aria-hidden="true" className="spinner__icon" />
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
    </span>
  );
}

/** A full-width loading state for a page or a panel. */
export function LoadingBlock({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading-block">
      <Spinner size={28} label={label} />
      <span aria-hidden="true">{label ?? t('common.loading')}</span>
    </div>
  );
}

export function Skeleton({ className = '' }: { className?: string }) {
  return <span className={`skeleton ${className}`} aria-hidden="true" />;
}
