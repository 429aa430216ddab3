import { ScanFace } from 'lucide-react';
import { useI18n } from '../../lib/useI18n';
import './try-on-button.css';

/** The "Try on" button pages put next to a product that has a try-on anchor. */
export function TryOnButton({ onClick, pressed, className = '' }: { onClick(): void; pressed?: boolean; className?: string }) {
  const { t } = useI18n();
  return (
    <button type="button" className={`button button--secondary ${className}`} onClick={onClick} aria-pressed={pressed} data-testid="try-on-open">
      <ScanFace size={18} aria-hidden="true" />
      {t('tryOn.open')}
    </button>
  );
}
