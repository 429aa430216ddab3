import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { RegisterForm } from '../../features/account/RegisterForm';
import { safeNext } from '../../lib/safeNext';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function RegisterPage() {
  const { t } = useI18n();
  useDocumentTitle(t('register.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const signedIn = useStore((s) => Boolean(s.me?.user));
  const nextQuery = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  if (signedIn) return <Navigate to={next} replace />;
  return (
    <main className="page page--auth">
      <div className="auth-card">
        <h1 className="page-title">{t('register.title')}</h1>
        <RegisterForm onRegistered={() => navigate(next, { replace: true })} />
        <p className="auth-card__switch">
          {t('register.haveAccount')} <Link to={`/login${nextQuery}`}>{t('register.signIn')}</Link>
        </p>
      </div>
    </main>
  );
}
