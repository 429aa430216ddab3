import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '../../features/account/LoginForm';
import { safeNext } from '../../lib/safeNext';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t('login.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const signedIn = useStore((s) => Boolean(s.me?.user));
  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  if (signedIn) return <Navigate to={next} replace />;
  return (
    <main className="page page--auth">
      <div className="auth-card">
        <h1 className="page-title">{t('login.title')}</h1>
        <LoginForm onSignedIn={() => navigate(next, { replace: true })} />
        <p className="auth-card__switch">
          {t('login.noAccount')} <Link to={`/register${nextQuery}`}>{t('login.register')}</Link>
        </p>
      </div>
    </main>
  );
}
