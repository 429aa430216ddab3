// The shopper's interface preferences: for now the language, remembered across visits.
import { detectLocale, type Locale } from '../lib/i18n';
import type { SliceCreator } from './slice';

const storageKey = 'live-shop.locale';

export interface UiSlice {
  locale: Locale;
  setLocale(locale: Locale): void;
}

function readStoredLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(storageKey) ?? null;
  } catch {
    // Storage can be blocked (private mode, strict cookie settings); the default is fine then.
    return null;
  }
}

export const initialLocale = (): Locale => detectLocale(readStoredLocale(), globalThis.navigator?.language);

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    try {
      globalThis.localStorage?.setItem(storageKey, locale);
    } catch {
      // Not remembered, but still switched for this visit.
    }
    set({ locale });
  },
});
