import { useRouteError } from 'react-router';
import { ErrorMessage } from '../lib/ui/ErrorMessage';
import { useI18n } from '../lib/useI18n';

/** Last resort for a page that threw while rendering: say so, offer a way back. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  return (
    <main className="page page--narrow">
      <h1 className="page-title">{t('error.UNKNOWN')}</h1>
      <ErrorMessage error={error} onRetry={() => window.location.reload()} />
      <a href="/" className="button button--secondary">
        {t('notFound.home')}
      </a>
    </main>
  );
}
