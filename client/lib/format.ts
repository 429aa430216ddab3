// Display formatting for money and dates, always through Intl in the shopper's language.
import { formatMoney as formatMoneyIntl, type Money } from '../../common/money';
import { intlTag, type Locale } from './i18n';

export function formatMoney(value: Money, locale: Locale): string {
  return formatMoneyIntl(value, intlTag(locale));
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: Locale, style: 'show' | 'date' | 'time'): Intl.DateTimeFormat {
  const cacheKey = `${locale}:${style}`;
  let format = dateTimeFormats.get(cacheKey);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'show'
        ? { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' }
        : style === 'date'
          ? { dateStyle: 'medium', timeStyle: 'short' }
          : { hour: '2-digit', minute: '2-digit' };
    format = new Intl.DateTimeFormat(intlTag(locale), options);
    dateTimeFormats.set(cacheKey, format);
  }
  return format;
}

/** When a show starts, e.g. "Tue, Jun 3, 19:00" / "6月3日(火) 19:00". */
export function formatShowTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, 'show').format(new Date(iso));
}

export function formatDateTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, 'date').format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale): string {
  return dateTimeFormat(locale, 'time').format(new Date(iso));
}
