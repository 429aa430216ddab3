// The live-show core against a fake realtime client: what the pages draw follows the snapshot and
// the events in order, pins keep the cap, remaining quantities update, and deals end on the
// server's clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlashDeal, ShowDetail, ShowLiveState } from '../../../common/api';
import { viewerCountKey, type Channel, type ServerEphemeral, type ServerEvent } from '../../../common/realtime';
import type { ChannelHandlers, RealtimeClient } from '../../lib/realtime';
import { applyDetail, applyEvent, applySnapshot, connectShow, createShowStore, formatCountdown, msLeft } from './show';

const showId = 's1';
const channel = `show:${showId}` as Channel;
const yen = (amount: number) => ({ amount, currency: 'JPY' as const });

function deal(id: string, variantId: string, endsAt: string, remaining = 10): FlashDeal {
  return {
    id,
    showId,
    productId: variantId.replace(/-[a-z]+$/, ''),
    variantId,
    price: yen(9800),
    regularPrice: yen(12800),
    cap: 10,
    remaining,
    perBuyerLimit: 1,
    startsAt: '2026-06-01T10:00:00.000Z',
    endsAt,
    active: true,
  };
}

const live = (over: Partial<ShowLiveState> = {}): ShowLiveState => ({ state: 'live', startedAt: '2026-06-01T10:00:00.000Z', pins: [], deals: [], viewerCount: 3, ...over });
const pin = (productId: string, second: number) => ({ productId, pinnedAt: `2026-06-01T10:00:${String(second).padStart(2, '0')}.000Z` });

/** Stands in for the tab's realtime client: the test plays the server through the handlers it was given. */
class FakeRealtime {
  handlers: ChannelHandlers | null = null;
  joined: Channel | null = null;
  left = false;
  offsetMs = 0;
  private seq = 0;
  readonly client = {
    subscribe: (c: Channel, h: ChannelHandlers) => {
      this.joined = c;
      this.handlers = h;
      return () => {
        this.left = true;
      };
    },
    serverNow: () => Date.now() + this.offsetMs,
  } as unknown as RealtimeClient;
  snapshot(state: unknown) {
    this.handlers?.snapshot?.(state, { op: 'snapshot', channel, seq: this.seq, serverTime: Date.now(), state });
  }
  event(type: string, data: unknown) {
    this.seq += 1;
    const event: ServerEvent = { op: 'event', channel, seq: this.seq, serverTime: Date.now(), type, data };
    this.handlers?.event?.(event);
  }
  ephemeral(key: string, data: unknown) {
    const value: ServerEphemeral = { op: 'ephemeral', channel, key, data, serverTime: Date.now() };
    this.handlers?.ephemeral?.(value);
  }
}

let fake: FakeRealtime;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-06-01T10:01:00.000Z'));
  fake = new FakeRealtime();
});
afterEach(() => vi.useRealTimers());

describe('the live-show core', () => {
  it('takes the snapshot, then each event in order', () => {
    const store = createShowStore();
    const leave = connectShow(store, fake.client, showId);
    expect(fake.joined).toBe(channel);

    // The channel's snapshot carries every feature's part; this core reads `show` only.
    fake.snapshot({ show: live({ pins: [pin('hat', 1)] }), chat: [], poll: null, questions: [] });
    expect(store.getState()).toMatchObject({ synced: true, state: 'live', viewerCount: 3, pins: [{ productId: 'hat' }] });

    fake.event('pin.changed', { pins: [pin('hat', 1), pin('cap', 2)] });
    fake.event('deal.started', { deal: deal('d1', 'cap-red', '2026-06-01T10:02:00.000Z') });
    fake.event('chat.message', { id: 'm1', text: 'hi' });
    fake.event('purchase', { displayName: 'Ken', productName: { ja: '帽子', en: 'Cap' } });
    fake.event('purchase', { displayName: 'Ken', productName: { ja: '帽子', en: 'Cap' } });
    expect(store.getState().pins.map((p) => p.productId)).toEqual(['cap', 'hat']);
    expect(store.getState().deals.map((d) => d.id)).toEqual(['d1']);
    // The same text twice is still two purchases: the ticker restarts.
    expect(store.getState().lastPurchase).toEqual({ displayName: 'Ken', productName: { ja: '帽子', en: 'Cap' }, n: 2 });

    fake.event('lineup.changed', { productIds: ['cap', 'hat', 'bag'] });
    expect(store.getState().lineup).toEqual(['cap', 'hat', 'bag']);

    fake.event('deal.ended', { deal: deal('d1', 'cap-red', '2026-06-01T10:01:30.000Z') });
    expect(store.getState().deals).toEqual([]);

    fake.event('deal.started', { deal: deal('d2', 'cap-red', '2026-06-01T10:05:00.000Z') });
    fake.event('show.state', { state: 'ended', startedAt: '2026-06-01T10:00:00.000Z', endedAt: '2026-06-01T10:03:00.000Z' });
    expect(store.getState()).toMatchObject({ state: 'ended', deals: [] });

    leave();
    expect(fake.left).toBe(true);
  });

  it('keeps the detail’s description but lets a newer snapshot win over its live fields', () => {
    const store = createShowStore();
    applySnapshot(store, { show: live({ pins: [pin('cap', 5)] }) });
    const detail = {
      ...live({ pins: [], viewerCount: 0 }),
      id: showId,
      title: { ja: '夏', en: 'Summer' },
      hostName: 'Aiko',
      cover: '/c.jpg',
      scheduledAt: '2026-06-01T09:00:00.000Z',
      productIds: ['cap'],
      hostId: 'u1',
      endedAt: null,
      lineup: [{ id: 'cap', category: 'hats', name: { ja: '帽子', en: 'Cap' }, image: '/cap.jpg', priceFrom: yen(3000), available: 4, hasModel: false, tryOn: null }],
    } as ShowDetail;
    applyDetail(store, detail);
    expect(store.getState()).toMatchObject({ loaded: true, lineup: ['cap'], pins: [{ productId: 'cap' }], viewerCount: 3 });
    expect(store.getState().products.cap?.name.en).toBe('Cap');
  });

  it('shows at most three pins, newest first', () => {
    const store = createShowStore();
    applyEvent(store, { type: 'pin.changed', data: { pins: [pin('a', 1), pin('b', 2), pin('c', 3), pin('d', 4)] } });
    expect(store.getState().pins.map((p) => p.productId)).toEqual(['d', 'c', 'b']);
  });

  it('updates a deal’s remaining quantity from the latest-wins value and ignores other keys', () => {
    const store = createShowStore();
    connectShow(store, fake.client, showId);
    fake.snapshot({ show: live({ deals: [deal('d1', 'cap-red', '2026-06-01T10:02:00.000Z', 10)] }) });
    const before = store.getState().deals;
    fake.ephemeral('deal.remaining:d1', { dealId: 'd1', remaining: 7 });
    expect(store.getState().deals[0]?.remaining).toBe(7);
    fake.ephemeral('deal.remaining:d1', { dealId: 'd1', remaining: 6 });
    expect(store.getState().deals[0]?.remaining).toBe(6);
    // A value for a deal this client does not show, or another feature's key, changes nothing.
    const after = store.getState().deals;
    fake.ephemeral('deal.remaining:zz', { dealId: 'zz', remaining: 1 });
    fake.ephemeral('reaction.burst:a', { count: 3, n: 1 });
    expect(store.getState().deals).toBe(after);
    expect(before).not.toBe(after);
  });

  it('takes the viewer count from its latest-wins value', () => {
    const store = createShowStore();
    connectShow(store, fake.client, showId);
    fake.snapshot({ show: live({ viewerCount: 2 }) });
    expect(store.getState().viewerCount).toBe(2);
    fake.ephemeral(viewerCountKey, { count: 5 });
    expect(store.getState().viewerCount).toBe(5);
  });

  it('counts down on the server’s clock and drops a deal at its end without waiting for deal.ended', () => {
    expect(formatCountdown(42_000)).toBe('0:42');
    expect(formatCountdown(41_001)).toBe('0:42');
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');

    // This browser's clock runs 5 s behind the server's.
    fake.offsetMs = 5_000;
    const endsAt = '2026-06-01T10:01:30.000Z';
    expect(msLeft(endsAt, fake.client.serverNow())).toBe(25_000);
    expect(formatCountdown(msLeft(endsAt, fake.client.serverNow()))).toBe('0:25');

    const store = createShowStore();
    connectShow(store, fake.client, showId);
    fake.snapshot({ show: live({ deals: [deal('d1', 'cap-red', endsAt), deal('d2', 'hat-blue', '2026-06-01T10:03:00.000Z')] }) });
    vi.advanceTimersByTime(24_000);
    expect(store.getState().deals.map((d) => d.id)).toEqual(['d1', 'd2']);
    vi.advanceTimersByTime(1_100);
    expect(store.getState().deals.map((d) => d.id)).toEqual(['d2']);
  });
});
