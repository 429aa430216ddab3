import type { ReactNode } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../lib/safeNext';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { useI18n } from '../lib/useI18n';
import type { MessageKey } from '../lib/i18n';
import { useStore } from '../stores';

interface Props {
  title: MessageKey;
  /** The form; it calls `done` once the shopper is signed in. */
  form(done: () => void): ReactNode;
  /** The line under the card that leads to the other page ("No account yet? Register"). */
  switchText: MessageKey;
  switchLink: MessageKey;
  switchTo: '/login' | '/register';
}

/**
 * The sign-in and registration pages: a card with the form, then on to `?next=` (or home); a
 * shopper who is already signed in goes there at once. The switch link keeps `next`.
 */
export function AuthPage({ title, form, switchText, switchLink, switchTo }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t(title));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const signedIn = useStore((s) => Boolean(s.me?.user));
  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  if (signedIn) return <Navigate to={next} replace />;
  return (
    <main className="page page--auth">
      <div className="auth-card">
        <h1 className="page-title">{t(title)}</h1>
        {form(() => navigate(next, { replace: true }))}
        <p className="auth-card__switch">
          {t(switchText)} <Link to={`${switchTo}${nextQuery}`}>{t(switchLink)}</Link>
        </p>
      </div>
    </main>
  );
}
