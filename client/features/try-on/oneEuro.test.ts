import { describe, expect, it } from 'vitest';
import { OneEuroBank, OneEuroFilter } from './oneEuro';

const hz = 30;
const dt = 1000 / hz;

describe('OneEuroFilter', () => {
  it('passes the first sample through unchanged', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
    expect(f.filter(42, 0)).toBe(42);
  });

  it('damps jitter around a still value', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
    // +-2 px alternating noise around 100: the filtered output must move far less than the input.
    let maxDeviation = 0;
    for (let i = 0; i < 120; i++) {
      const out = f.filter(100 + (i % 2 === 0 ? 2 : -2), i * dt);
      if (i > 30) maxDeviation = Math.max(maxDeviation, Math.abs(out - 100));
    }
    expect(maxDeviation).toBeLessThan(0.6);
  });

  it('follows a fast move closely when beta is set (little lag)', () => {
    const smooth = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
    const adaptive = new OneEuroFilter({ minCutoff: 1, beta: 0.05, dCutoff: 1 });
    // A head moving at 600 px/s: after half a second, the adaptive filter lags by a few pixels only.
    let a = 0;
    let s = 0;
    let x = 0;
    for (let i = 0; i <= 15; i++) {
      x = i * (600 / hz);
      s = smooth.filter(x, i * dt);
      a = adaptive.filter(x, i * dt);
    }
    expect(x - a).toBeLessThan(8);
    expect(x - s).toBeGreaterThan(x - a);
  });

  it('restarts from the next sample after reset', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0, dCutoff: 1 });
    f.filter(0, 0);
    f.filter(0, dt);
    f.reset();
    expect(f.filter(500, 2 * dt)).toBe(500);
  });

  it('treats a repeated or older timestamp as a tiny step instead of dividing by zero', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0.05, dCutoff: 1 });
    f.filter(10, 100);
    const out = f.filter(12, 100);
    expect(Number.isFinite(out)).toBe(true);
  });
});

describe('OneEuroBank', () => {
  it('filters every channel of an array in place, each on its own', () => {
    const bank = new OneEuroBank(3, { minCutoff: 1, beta: 0, dCutoff: 1 });
    const values = new Float32Array([1, 2, 3]);
    bank.filterInPlace(values, 0);
    expect(Array.from(values)).toEqual([1, 2, 3]);
    values.set([101, 2, -97]);
    bank.filterInPlace(values, dt);
    // Each channel moves toward its own new value, by the same fraction.
    expect(values[0]).toBeGreaterThan(1);
    expect(values[0]).toBeLessThan(101);
    expect(values[1]).toBeCloseTo(2, 5);
    expect(values[2]).toBeLessThan(3);
    expect(values[0]! - 1).toBeCloseTo(3 - values[2]!, 3);
  });

  it('rejects an array of the wrong length', () => {
    const bank = new OneEuroBank(3, { minCutoff: 1, beta: 0, dCutoff: 1 });
    expect(() => bank.filterInPlace(new Float32Array(4), 0)).toThrow(/3 channels/);
  });
});
