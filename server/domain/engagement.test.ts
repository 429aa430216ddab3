import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReactionAccumulator, IntervalCoalescer, tallyVotes } from './engagement';

describe('reaction accumulator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes at most 4 times a second per show under 5,000 taps a second, and keeps every tap', () => {
    const flushes: { at: number; showId: string; count: number }[] = [];
    const start = Date.now();
    const acc = createReactionAccumulator((showId, count) => flushes.push({ at: Date.now() - start, showId, count }));
    // 5,000 taps a second for 3 seconds, one tap per 0.2 ms in batches of 1 every millisecond × 5.
    for (let ms = 0; ms < 3000; ms++) {
      for (let i = 0; i < 5; i++) acc.add('s1', 1);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(1000);
    acc.close();
    expect(flushes.reduce((sum, f) => sum + f.count, 0)).toBe(15_000);
    expect(flushes.every((f) => f.count > 0)).toBe(true);
    // In every one-second window starting at a flush, at most 4 flushes (spaced ≥ 250 ms apart).
    for (const f of flushes) expect(flushes.filter((g) => g.at >= f.at && g.at < f.at + 1000).length).toBeLessThanOrEqual(4);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i]!.at - flushes[i - 1]!.at).toBeGreaterThanOrEqual(250);
    expect(flushes.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps shows apart and stays quiet when nothing was tapped', () => {
    const flushes: [string, number][] = [];
    const acc = createReactionAccumulator((showId, count) => flushes.push([showId, count]));
    acc.add('a', 3);
    acc.add('b', 2);
    acc.add('a', 4);
    vi.advanceTimersByTime(5000);
    acc.close();
    expect(flushes).toEqual([
      ['a', 3],
      ['b', 2],
      ['a', 4],
    ]);
  });

  it('sends the first tap after a quiet spell at once', () => {
    const flushes: number[] = [];
    const acc = createReactionAccumulator((_, count) => flushes.push(count));
    acc.add('a', 1);
    expect(flushes).toEqual([1]);
    vi.advanceTimersByTime(600);
    acc.add('a', 7);
    expect(flushes).toEqual([1, 7]);
    acc.close();
  });

  it('keeps only the latest value when the merge says so (live poll counts)', () => {
    const out: string[] = [];
    const c = new IntervalCoalescer<string>(250, (_, next) => next, (key, value) => out.push(`${key}=${value}`));
    c.add('p', 'v1');
    c.add('p', 'v2');
    c.add('p', 'v3');
    vi.advanceTimersByTime(250);
    c.close();
    expect(out).toEqual(['p=v1', 'p=v3']);
  });
});

describe('poll counting', () => {
  const options = [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }];

  it('gives every option a count, zero when nobody chose it', () => {
    expect(tallyVotes(options, [{ optionId: 'o2', votes: 4 }])).toEqual({ o1: 0, o2: 4, o3: 0 });
  });

  it('ignores votes for options the poll does not have and adds up repeated rows', () => {
    expect(
      tallyVotes(options, [
        { optionId: 'o1', votes: 1 },
        { optionId: 'o1', votes: 2 },
        { optionId: 'zz', votes: 9 },
      ]),
    ).toEqual({ o1: 3, o2: 0, o3: 0 });
  });
});
