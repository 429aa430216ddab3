import { WifiOff } from 'lucide-react';
import { useEffect } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { CartDrawer } from '../features/cart/CartDrawer';
import { useOnline } from '../lib/online';
import { ErrorMessage } from '../lib/ui/ErrorMessage';
import { useI18n } from '../lib/useI18n';
import { useStore } from '../stores';
import { Header } from './Header';
import './app.css';

function OfflineBanner() {
  const { t } = useI18n();
  const online = useOnline();
  if (online) return null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <WifiOff size={18} aria-hidden="true" />
      {t('offline.banner')}
    </div>
  );
}

/** Without a session nothing else works (no cart, no checkout), so its failure shows on every page. */
function SessionProblem() {
  const status = useStore((s) => s.sessionStatus);
  const error = useStore((s) => s.sessionError);
  const retry = useStore((s) => s.loadSession);
  if (status !== 'error') return null;
  return (
    <div className="session-problem">
      <ErrorMessage error={error} onRetry={() => void retry()} />
    </div>
  );
}

export function Layout() {
  const { locale, t } = useI18n();
  const online = useOnline();

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // Coming back online after a failed start: try again without making the shopper press a button.
  useEffect(() => {
    const { sessionStatus, loadSession } = useStore.getState();
    if (online && sessionStatus === 'error') void loadSession();
  }, [online]);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <OfflineBanner />
      <Header />
      <SessionProblem />
      <div id="main" className="app__main">
        <Outlet />
      </div>
      <footer className="site-footer">
        <p>{t('footer.note')}</p>
      </footer>
      <CartDrawer />
      <ScrollRestoration />
    </div>
  );
}
