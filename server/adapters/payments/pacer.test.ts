// The pacer against a fake clock: time only moves when the test says so, so nothing sleeps.
import { describe, expect, it } from 'vitest';
import { createPacer, type PacerClock } from './pacer';

/** A clock whose timers fire when `runAll` advances time; `lateBy` makes chosen timers fire late. */
function fakeClock(lateBy: (timerNumber: number) => number = () => 0) {
  let now = 0;
  let count = 0;
  const timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  const clock: PacerClock = {
    now: () => now,
    setTimer: (fn, ms) => {
      count += 1;
      timers.push({ at: now + ms + lateBy(count), seq: count, fn });
    },
  };
  return {
    clock,
    get now() {
      return now;
    },
    advanceTo(t: number) {
      now = Math.max(now, t);
    },
    /** Fires timers in time order until none is left. */
    runAll() {
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.fn();
      }
    },
  };
}

/** The largest number of starts inside any half-open one-second window [t, t + 1000). */
function busiestSecond(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! - sorted[i]! < 1000) j++;
    busiest = Math.max(busiest, j - i);
  }
  return busiest;
}

describe('createPacer', () => {
  it('starts 100 calls at 25/s over at least 3.96 s, never more than 25 in any second', async () => {
    const time = fakeClock();
    const pacer = createPacer({ ratePerSecond: 25, clock: time.clock });
    const starts: number[] = [];
    const results = Array.from({ length: 100 }, (_, i) =>
      pacer.run(async () => {
        starts.push(time.now);
        return i;
      }),
    );
    expect(starts).toEqual([0]); // the first goes at once; the rest queue
    expect(pacer.waiting).toBe(99);
    time.runAll();
    expect(await Promise.all(results)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(starts).toHaveLength(100);
    expect(starts[99]! - starts[0]!).toBeGreaterThanOrEqual(3960);
    expect(busiestSecond(starts)).toBe(25);
    expect(pacer.waiting).toBe(0);
  });

  it('keeps the limit when timers fire late, instead of bunching calls behind a late one', async () => {
    // Every third timer fires 35 ms late: a pacer that scheduled fixed slots would then start two
    // calls 5 ms apart and squeeze 26 into a second.
    const time = fakeClock((n) => (n % 3 === 0 ? 35 : 0));
    const pacer = createPacer({ ratePerSecond: 25, clock: time.clock });
    const starts: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 80 }, (_, i) =>
      pacer.run(async () => {
        starts.push(time.now);
        order.push(i);
      }),
    );
    time.runAll();
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 80 }, (_, i) => i)); // first in, first out
    expect(busiestSecond(starts)).toBeLessThanOrEqual(25);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(40);
  });

  it('passes failures through without stalling the queue', async () => {
    const time = fakeClock();
    const pacer = createPacer({ ratePerSecond: 10, clock: time.clock });
    const rejected = pacer.run(async () => {
      throw new Error('declined');
    });
    const thrown = pacer.run((() => {
      throw new Error('thrown before any promise');
    }) as () => Promise<never>);
    const after = pacer.run(async () => 'still runs');
    time.runAll();
    await expect(rejected).rejects.toThrow('declined');
    await expect(thrown).rejects.toThrow('thrown before any promise');
    await expect(after).resolves.toBe('still runs');
  });

  it('never delays calls that arrive slower than the rate', async () => {
    const time = fakeClock();
    const pacer = createPacer({ ratePerSecond: 25, clock: time.clock });
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      time.advanceTo(i * 100);
      const askedAt = time.now;
      const started = pacer.run(async () => waits.push(time.now - askedAt));
      time.runAll();
      await started;
    }
    expect(waits).toEqual(Array.from({ length: 10 }, () => 0));
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createPacer({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
