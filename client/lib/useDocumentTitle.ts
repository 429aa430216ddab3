import { useEffect } from 'react';
import { useI18n } from './useI18n';

/** "Page · Live Shop", in the current language. */
export function useDocumentTitle(title: string | null) {
  const { t } = useI18n();
  const appName = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${appName}` : appName;
  }, [title, appName]);
}
