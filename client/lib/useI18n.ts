import { useCallback } from 'react';
import { useStore } from '../stores';
import { translate, type Locale, type Translate } from './i18n';

/** The current language and a translator bound to it; components re-render when it changes. */
export function useI18n(): { locale: Locale; t: Translate } {
  const locale = useStore((s) => s.locale);
  const t = useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
  return { locale, t };
}
