import { describe, expect, it } from 'vitest';
import type { ShowSummary } from '../../../common/api';
import { checkDraft, draftOf, emptyDraft, fromLocalInput, move, toLocalInput } from './draft';

const images: Record<string, string> = { a: '/images/a.jpg', b: '/images/b.jpg' };
const imageOf = (id: string) => images[id];

describe('show draft', () => {
  it('round-trips a datetime-local value through an ISO instant in local time', () => {
    const local = '2030-05-06T19:30';
    const iso = fromLocalInput(local);
    expect(iso).not.toBeNull();
    expect(toLocalInput(new Date(iso ?? ''))).toBe(local);
    expect(fromLocalInput('')).toBeNull();
  });

  it('starts a new show in the future, on the hour', () => {
    const now = new Date(2030, 0, 1, 10, 17);
    const draft = emptyDraft(now);
    expect(draft.scheduledAt).toBe('2030-01-02T11:00');
  });

  it('moves run-sheet entries and ignores moves off either end', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(move(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('leaves the cover to the first product when none is chosen', () => {
    const checked = checkDraft({ titleJa: ' 夜 ', titleEn: 'Night', cover: '', scheduledAt: '2030-05-06T19:30', productIds: ['b', 'a'] }, imageOf);
    expect(checked.ok && checked.value).toMatchObject({ title: { ja: '夜', en: 'Night' }, cover: '/images/b.jpg', productIds: ['b', 'a'] });
  });

  it('names every missing field', () => {
    const checked = checkDraft({ titleJa: '', titleEn: ' ', cover: '', scheduledAt: '', productIds: [] }, imageOf);
    expect(checked).toEqual({ ok: false, errors: { titleJa: true, titleEn: true, scheduledAt: true, productIds: true } });
  });

  it('fills the form from a show', () => {
    const show: ShowSummary = {
      id: 's1',
      title: { ja: 'タイトル', en: 'Title' },
      hostName: 'Host',
      cover: '/images/a.jpg',
      scheduledAt: new Date(2030, 4, 6, 19, 30).toISOString(),
      state: 'scheduled',
      productIds: ['a', 'b'],
    };
    expect(draftOf(show)).toEqual({ titleJa: 'タイトル', titleEn: 'Title', cover: '/images/a.jpg', scheduledAt: '2030-05-06T19:30', productIds: ['a', 'b'] });
  });
});
