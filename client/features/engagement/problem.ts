// What went wrong, kept as data in the React-free cores and put into words by the components in
// the visitor's language: a chat-specific sentence when the server's code (and, for the one code
// the server uses for several refusals, its message) tells us which; the app's general error text
// otherwise.
import { ApiError, readableError } from '../../lib/api';
import { intlTag, translate, type Locale, type MessageKey, type MessageParams } from '../../lib/i18n';
import { chatTextMax } from '../../../common/api';

export type Problem = { key: MessageKey; params?: MessageParams; until?: string } | { error: unknown };

/**
 * The server answers every text refusal with VALIDATION_FAILED and every moderation refusal with
 * FORBIDDEN; its English sentence is the only thing that tells them apart, so the few it uses
 * (server/domain/chat.ts) are recognised here and anything else falls back to the generic words.
 */
export function chatProblem(error: unknown): Problem {
  if (!(error instanceof ApiError)) return { error };
  const message = error.message.toLowerCase();
  switch (error.code) {
    case 'RATE_LIMITED':
      return { key: 'chat.error.tooFast' };
    case 'INVALID_TRANSITION':
      return { key: 'chat.error.ended' };
    case 'FORBIDDEN': {
      if (message.includes('banned')) return { key: 'chat.error.banned' };
      const until = (error.details as { mutedUntil?: unknown } | undefined)?.mutedUntil;
      if (typeof until === 'string') return { key: 'chat.error.mutedUntil', until };
      if (message.includes('muted')) return { key: 'chat.error.muted' };
      return { error };
    }
    case 'VALIDATION_FAILED':
      if (message.includes('display name')) return { key: 'chat.error.name' };
      if (message.includes('not allowed')) return { key: 'chat.error.filtered' };
      if (message.includes('longer than') || message.includes('at most')) return { key: 'chat.error.tooLong', params: { max: chatTextMax } };
      return { key: 'chat.error.invalid' };
    default:
      return { error };
  }
}

export function problemText(problem: Problem, locale: Locale): string {
  if ('error' in problem) return readableError(problem.error, locale);
  const params = { ...problem.params };
  if (problem.until) params.time = new Intl.DateTimeFormat(intlTag(locale), { hour: '2-digit', minute: '2-digit' }).format(new Date(problem.until));
  return translate(locale, problem.key, params);
}

// ---------- the guest's display name ----------

export type NameStorage = Pick<Storage, 'getItem' | 'setItem'>;
const nameKey = 'live-shop.chat-name';

/** The browser's storage, or null where there is none (private mode may throw on access). */
export function browserStorage(): NameStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The name a guest chose last time in this browser: chat and Q&A share it. */
export function readGuestName(storage: NameStorage | null): string {
  try {
    return storage?.getItem(nameKey) ?? '';
  } catch {
    return '';
  }
}

export function saveGuestName(storage: NameStorage | null, name: string): void {
  try {
    storage?.setItem(nameKey, name);
  } catch {
    // A full or blocked storage only means the guest types the name again next time.
  }
}
