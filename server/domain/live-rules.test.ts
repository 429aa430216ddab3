import { describe, expect, it } from 'vitest';
import { dealEnd, dealPhase, decideClaims, pinWithCap, tickerName, timelineOffsetMs } from './live-rules';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));

describe('deal window', () => {
  const deal = { startsAt: t(0), endsAt: t(30), stoppedAt: null };

  it('is active from its start up to, not including, its end', () => {
    expect(dealPhase(deal, new Date(t(0).getTime() - 1))).toBe('upcoming');
    expect(dealPhase(deal, t(0))).toBe('active');
    expect(dealPhase(deal, new Date(t(30).getTime() - 1))).toBe('active');
    expect(dealPhase(deal, t(30))).toBe('ended');
  });

  it('ends when the host stops it early, and a stop after the end changes nothing', () => {
    const stopped = { ...deal, stoppedAt: t(10) };
    expect(dealEnd(stopped)).toEqual(t(10));
    expect(dealPhase(stopped, t(9))).toBe('active');
    expect(dealPhase(stopped, t(10))).toBe('ended');
    expect(dealEnd({ ...deal, stoppedAt: t(40) })).toEqual(t(30));
  });
});

describe('deal claims', () => {
  it('grants in arrival order up to the cap and answers the rest SOLD_OUT', () => {
    const requests = Array.from({ length: 8 }, (_, i) => ({ ownerKey: `b${i}`, quantity: 1 }));
    const { decisions, granted } = decideClaims({ cap: 5, claimed: 0, perBuyerLimit: 1 }, new Map(), requests);
    expect(granted).toBe(5);
    expect(decisions.slice(0, 5).every((d) => d.granted)).toBe(true);
    expect(decisions.slice(5)).toEqual(Array(3).fill({ granted: false, reason: 'SOLD_OUT', allowed: 0 }));
  });

  it('never grants part of a request: 2 wanted with 1 left is refused whole', () => {
    const { decisions, granted } = decideClaims({ cap: 5, claimed: 4, perBuyerLimit: 3 }, new Map(), [{ ownerKey: 'a', quantity: 2 }, { ownerKey: 'b', quantity: 1 }]);
    expect(decisions).toEqual([{ granted: false, reason: 'SOLD_OUT', allowed: 1 }, { granted: true }]);
    expect(granted).toBe(1);
  });

  it('counts what a buyer already holds or bought, and earlier grants in the same batch, against the limit', () => {
    const taken = new Map([['a', 1]]);
    const { decisions, granted } = decideClaims({ cap: 10, claimed: 1, perBuyerLimit: 2 }, taken, [
      { ownerKey: 'a', quantity: 2 },
      { ownerKey: 'a', quantity: 1 },
      { ownerKey: 'a', quantity: 1 },
      { ownerKey: 'b', quantity: 2 },
    ]);
    expect(decisions).toEqual([
      { granted: false, reason: 'DEAL_LIMIT_REACHED', allowed: 1 },
      { granted: true },
      { granted: false, reason: 'DEAL_LIMIT_REACHED', allowed: 0 },
      { granted: true },
    ]);
    expect(granted).toBe(3);
  });
});

describe('pins', () => {
  it('keeps at most three, pushing out the oldest', () => {
    let pins = pinWithCap([], 'a', t(1)).pins;
    pins = pinWithCap(pins, 'b', t(2)).pins;
    pins = pinWithCap(pins, 'c', t(3)).pins;
    const fourth = pinWithCap(pins, 'd', t(4));
    expect(fourth.unpinned).toEqual(['a']);
    expect(fourth.pins.map((p) => p.productId)).toEqual(['b', 'c', 'd']);
  });

  it('leaves an already pinned product where it is', () => {
    const pins = [{ productId: 'a', pinnedAt: t(1) }];
    expect(pinWithCap(pins, 'a', t(9))).toEqual({ pins, added: false, unpinned: [] });
  });
});

describe('timeline offset', () => {
  it('is the time since the show went live, never negative, and absent before', () => {
    expect(timelineOffsetMs(t(0), new Date(t(12).getTime() + 345))).toBe(12_345);
    expect(timelineOffsetMs(t(10), t(9))).toBe(0);
    expect(timelineOffsetMs(null, t(9))).toBeNull();
  });
});

describe('ticker name', () => {
  it('shortens to the first name and an initial', () => {
    expect(tickerName('Hanako Yamada')).toBe('Hanako Y.');
    expect(tickerName('  Mary  Ann  smith ')).toBe('Mary S.');
    expect(tickerName('山田 花子')).toBe('山田 花.');
  });

  it('keeps a single name and calls nobody “Guest” but a guest', () => {
    expect(tickerName('Aiko')).toBe('Aiko');
    expect(tickerName('')).toBe('Guest');
    expect(tickerName(null)).toBe('Guest');
    expect(tickerName('A'.repeat(40))).toBe('A'.repeat(20));
  });
});
