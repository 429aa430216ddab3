import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <main className="page page--narrow">
      <div className="empty-state" data-testid="not-found">
        <Compass size={48} aria-hidden="true" />
        <h1 className="page-title">{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <Link to="/" className="button button--primary">
          {t('notFound.home')}
        </Link>
      </div>
    </main>
  );
}
