// The show form's editable state and its conversion to the API's request, kept apart from React
// so the date handling and the cover fallback can be tested on their own.
import type { CreateShowRequest, ShowSummary } from '../../../common/api';

export interface ShowDraft {
  titleJa: string;
  titleEn: string;
  /** A product picture chosen by the host; '' means "the first product's picture". */
  cover: string;
  /** The value of an `<input type="datetime-local">`: local wall-clock time, no zone. */
  scheduledAt: string;
  productIds: string[];
}

export type DraftField = 'titleJa' | 'titleEn' | 'scheduledAt' | 'productIds';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the browser's local `YYYY-MM-DDTHH:mm`, which is what datetime-local inputs hold. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value back to an ISO instant; null when the input is empty or not a date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  // Without a zone, Date reads a date-time string as local time — the same clock the input shows.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A new show starts tomorrow at the next full hour: a sensible default that is never in the past. */
export function emptyDraft(now: Date = new Date()): ShowDraft {
  const start = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return { titleJa: '', titleEn: '', cover: '', scheduledAt: toLocalInput(start), productIds: [] };
}

export function draftOf(show: ShowSummary): ShowDraft {
  return {
    titleJa: show.title.ja,
    titleEn: show.title.en,
    cover: show.cover,
    scheduledAt: toLocalInput(new Date(show.scheduledAt)),
    productIds: [...show.productIds],
  };
}

/** Moves one entry of the run-sheet up (-1) or down (+1); out of range leaves it unchanged. */
export function move(ids: readonly string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  const [moved] = next.splice(index, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

export type DraftCheck = { ok: true; value: CreateShowRequest } | { ok: false; errors: Partial<Record<DraftField, true>> };

/**
 * The request for a draft. `imageOf` gives a product's picture: a cover left to "the first product"
 * is resolved here, because the server wants a concrete path.
 */
export function checkDraft(draft: ShowDraft, imageOf: (productId: string) => string | undefined): DraftCheck {
  const errors: Partial<Record<DraftField, true>> = {};
  const ja = draft.titleJa.trim();
  const en = draft.titleEn.trim();
  if (!ja || ja.length > 120) errors.titleJa = true;
  if (!en || en.length > 120) errors.titleEn = true;
  const scheduledAt = fromLocalInput(draft.scheduledAt);
  if (!scheduledAt) errors.scheduledAt = true;
  // A show needs a cover, and without a product there is neither a picture nor anything to sell.
  const first = draft.productIds[0];
  const cover = draft.cover || (first !== undefined ? imageOf(first) : undefined);
  if (draft.productIds.length === 0 || !cover) errors.productIds = true;
  if (Object.keys(errors).length > 0 || !scheduledAt || !cover) return { ok: false, errors };
  return { ok: true, value: { title: { ja, en }, cover, scheduledAt, productIds: [...draft.productIds] } };
}
