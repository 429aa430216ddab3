// Translation without React: a catalogue per language, English as the fallback, {name} placeholders.
import type { Locale } from '../../common/api';
import { en, type MessageKey } from './messages/en';
import { ja } from './messages/ja';

export type { Locale, MessageKey };
export const locales: readonly Locale[] = ['ja', 'en'];

const catalogues: Record<Locale, Partial<Record<string, string>>> = { en, ja };

export type MessageParams = Record<string, string | number>;

function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** "key#one" when the count {n} takes a singular in this language and the catalogue has one. */
function pluralForm(locale: Locale, key: string, params?: MessageParams): string | undefined {
  const n = params?.n;
  if (typeof n !== 'number') return undefined;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(intlTag(locale));
    pluralRules.set(locale, rules);
  }
  return catalogues[locale][`${key}#${rules.select(n)}`];
}

/** A message for a key that may not exist (an error code the server added later), or null. */
export function translateOptional(locale: Locale, key: string, params?: MessageParams): string | null {
  const template = pluralForm(locale, key, params) ?? catalogues[locale][key] ?? catalogues.en[key];
  return template === undefined ? null : fill(template, params);
}

/** Falls back to English, then to the key itself, so a gap shows up on screen instead of a blank. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return translateOptional(locale, key, params) ?? key;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

/** Japanese for Japanese browsers, English for everyone else. */
export function detectLocale(stored: string | null, browserLanguage: string | undefined): Locale {
  if (isLocale(stored)) return stored;
  return browserLanguage?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The BCP 47 tag Intl formatters get for a locale. */
export function intlTag(locale: Locale): string {
  return locale === 'ja' ? 'ja-JP' : 'en-US';
}
