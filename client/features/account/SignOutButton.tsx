import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

/** Signs out; `compact` is the header's icon-only form. */
export function SignOutButton({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const logout = useStore((s) => s.logout);
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      await logout();
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={compact ? 'icon-button user-menu__sign-out' : 'button button--secondary'}
      aria-label={compact ? t('nav.signOut') : undefined}
      title={compact ? t('nav.signOut') : undefined}
      data-testid={compact ? 'sign-out' : 'account-sign-out'}
      disabled={busy}
      onClick={() => void signOut()}
    >
      <LogOut size={compact ? 20 : 18} aria-hidden="true" />
      {!compact && t('nav.signOut')}
    </button>
  );
}
