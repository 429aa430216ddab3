import { UserRound } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { SignOutButton } from './SignOutButton';

/**
 * The header's account corner: the signed-in name with "Sign out", or "Sign in". On a phone the
 * name shrinks to its initial (signing out is then on the account page) so the header fits 390 px.
 */
export function UserMenu() {
  const { t } = useI18n();
  const user = useStore((s) => s.me?.user ?? null);
  const location = useLocation();

  if (!user) {
    const onAuthPage = location.pathname === '/login' || location.pathname === '/register';
    const next = onAuthPage ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      <Link to={`/login${next}`} className="header-link" data-testid="sign-in-link" aria-label={t('nav.signIn')}>
        <UserRound size={20} aria-hidden="true" />
        <span className="header-link__text" aria-hidden="true">
          {t('nav.signIn')}
        </span>
      </Link>
    );
  }
  return (
    <div className="user-menu">
      <Link to="/account" className="header-link" data-testid="account-link" aria-label={`${t('nav.account')}: ${user.displayName}`}>
        <span className="user-menu__avatar" aria-hidden="true">
          {Array.from(user.displayName.trim())[0]?.toUpperCase() ?? '?'}
        </span>
        <span className="header-link__text user-menu__name" data-testid="user-name">
          {user.displayName}
        </span>
      </Link>
      <SignOutButton compact />
    </div>
  );
}
