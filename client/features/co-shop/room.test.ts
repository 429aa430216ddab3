import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomCart, RoomMember, RoomView } from '../../../common/rooms';
import { ApiError } from '../../lib/api';
import type { RoomApi } from './api';
import { RoomCore } from './room';
import { FakeRealtime } from './media/fakes.test-helpers';

const channel = 'room:r1' as const;
const owner: RoomMember = { id: 'm-own', displayName: 'Aiko', role: 'owner', joinedAt: '2026-12-01T10:00:00Z' };
const friend: RoomMember = { id: 'm-fr', displayName: 'Ben', role: 'member', joinedAt: '2026-12-01T10:01:00Z' };
const money = (amount: number) => ({ amount, currency: 'JPY' as const });

function cart(version: number, lineIds: string[] = []): RoomCart {
  return {
    version,
    lines: lineIds.map((id) => ({
      id,
      productId: 'p',
      variantId: `v-${id}`,
      name: { en: 'Mug', ja: 'マグ' },
      variantName: { en: 'Blue', ja: '青' },
      image: '/x.jpg',
      unitPrice: money(1000),
      quantity: 1,
      lineTotal: money(1000),
      available: 5,
      addedBy: owner.id,
      addedAt: '2026-12-01T10:02:00Z',
      votes: { up: [], down: [] },
      comments: [],
      status: 'open',
      paidBy: null,
    })),
    openTotals: { subtotal: money(0), discount: money(0), shipping: money(0), total: money(0) } as never,
  };
}

function view(me: RoomMember, version = 1, lines: string[] = []): RoomView {
  return {
    me,
    room: { id: 'r1', showId: 'show-1', ownerMemberId: owner.id, maxMembers: 6, createdAt: '', expiresAt: '' },
    members: [owner, friend],
    cart: cart(version, lines),
    share: null,
    snapshots: [],
  };
}

function setup(get: () => Promise<RoomView>) {
  const realtime = new FakeRealtime();
  const api = {
    get: vi.fn(get),
    join: vi.fn(async () => view(friend)),
    addLine: vi.fn(async () => cart(5, ['a'])),
    vote: vi.fn(async () => cart(6, ['a'])),
    share: vi.fn(async () => ({ id: 's1', memberId: friend.id, productId: 'p', variantId: null, at: '' })),
    removeMember: vi.fn(async () => ({ members: [owner] })),
  } as unknown as RoomApi;
  const core = new RoomCore({ ref: { roomId: 'r1', invite: 'tok' }, api, realtime: realtime.asClient(), heartbeatMs: 1000 });
  return { core, realtime, api };
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('RoomCore', () => {
  it('enters a room it is a member of: state from the server, the channel joined, presence sent', async () => {
    const { core, realtime } = setup(async () => view(owner, 1, ['a']));
    core.start();
    await settle();
    expect(core.getState()).toMatchObject({ status: 'ready', me: owner, members: [owner, friend] });
    expect(core.getState().cart?.lines.map((l) => l.id)).toEqual(['a']);
    expect(realtime.handlers.has(channel)).toBe(true);
    expect(realtime.ephemerals.at(-1)).toEqual({ channel, key: 'member:m-own', data: { online: true, speaking: false, camera: false, mic: false, tryingOn: null } });
    core.dispose();
  });

  it('tells the states apart: not a member yet, a bad invite, removed', async () => {
    const notMember = setup(async () => Promise.reject(new ApiError('ROOM_NOT_MEMBER', 403, 'join first')));
    notMember.core.start();
    await settle();
    expect(notMember.core.getState().status).toBe('join');
    expect(notMember.realtime.handlers.size).toBe(0);

    const invalid = setup(async () => Promise.reject(new ApiError('NOT_FOUND', 404, 'no')));
    invalid.core.start();
    await settle();
    expect(invalid.core.getState().status).toBe('invalid');

    const removed = setup(async () => Promise.reject(new ApiError('ROOM_REMOVED', 403, 'removed')));
    removed.core.start();
    await settle();
    expect(removed.core.getState().status).toBe('removed');
  });

  it('joins with a name, and says the room is full when it is', async () => {
    const { core, api } = setup(async () => Promise.reject(new ApiError('ROOM_NOT_MEMBER', 403, 'join first')));
    core.start();
    await settle();
    await core.join('Ben');
    expect(api.join).toHaveBeenCalledWith({ roomId: 'r1', invite: 'tok' }, 'Ben');
    expect(core.getState()).toMatchObject({ status: 'ready', me: friend });

    const full = setup(async () => Promise.reject(new ApiError('ROOM_NOT_MEMBER', 403, 'join first')));
    (full.api.join as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new ApiError('ROOM_FULL', 409, 'full'));
    full.core.start();
    await settle();
    await expect(full.core.join('Cleo')).rejects.toThrow('full');
    expect(full.core.getState().status).toBe('full');
  });

  it('keeps the newest cart, whether it comes from a response, an event or a snapshot', async () => {
    const { core, realtime } = setup(async () => view(owner, 1));
    core.start();
    await settle();
    await core.addLine('v-a');
    expect(core.getState().cart?.version).toBe(5);
    // An older event that was already on its way changes nothing.
    realtime.event(channel, 'room.cart', { cart: cart(4, []) });
    expect(core.getState().cart?.version).toBe(5);
    realtime.event(channel, 'room.cart', { cart: cart(7, ['a', 'b']) }, 3);
    expect(core.getState().cart?.lines.map((l) => l.id)).toEqual(['a', 'b']);
    // After a reconnect the server's snapshot is what everyone sees.
    realtime.snapshot(channel, { ...view(owner, 9, ['b']), me: undefined });
    expect(core.getState().cart?.lines.map((l) => l.id)).toEqual(['b']);
    core.dispose();
  });

  it('follows member changes, and leaves when it is no longer in the list or is told it was removed', async () => {
    const { core, realtime } = setup(async () => view(friend));
    core.start();
    await settle();
    realtime.event(channel, 'room.members', { members: [owner, { ...friend, displayName: 'Benji' }] });
    expect(core.getState().me?.displayName).toBe('Benji');
    realtime.event(channel, 'room.members', { members: [owner] }, 3);
    expect(core.getState().status).toBe('removed');
    expect(realtime.handlers.size).toBe(0);

    const second = setup(async () => view(friend));
    second.core.start();
    await settle();
    second.realtime.error(channel, { code: 'ROOM_REMOVED', message: 'removed' });
    expect(second.core.getState().status).toBe('removed');
  });

  it('says when the owner closed the room', async () => {
    const { core, realtime } = setup(async () => view(friend));
    core.start();
    await settle();
    realtime.event(channel, 'room.closed', { by: owner.id });
    expect(core.getState().status).toBe('closed');
  });

  it('opens a shared product for everyone, and resets the followed 3D view for it', async () => {
    const { core, realtime } = setup(async () => view(friend));
    core.start();
    await settle();
    const look = { productId: 'p', variantId: null, camera: { position: [0, 0, 1] as [number, number, number], target: [0, 0, 0] as [number, number, number] }, hotspot: null, explode: 0 };
    realtime.ephemeral(channel, 'look3d:m-own', look);
    expect(core.getState().look3d).toEqual({ memberId: 'm-own', state: look });
    realtime.event(channel, 'room.shared', { share: { id: 's2', memberId: owner.id, productId: 'q', variantId: null, at: '' } });
    expect(core.getState().share?.productId).toBe('q');
    expect(core.getState().look3d).toBeNull();
    // Whoever drags last leads: our own drag is what we show and send.
    core.publishLook3d({ ...look, productId: 'q' });
    expect(realtime.ephemerals.at(-1)).toMatchObject({ key: 'look3d:m-fr' });
    expect(core.getState().look3d?.memberId).toBe('m-fr');
    // Values that do not parse are ignored.
    realtime.ephemeral(channel, 'look3d:m-own', { productId: 5 });
    expect(core.getState().look3d?.memberId).toBe('m-fr');
    core.dispose();
  });

  it('keeps presence per member and counts someone away when their value is stale or says so', async () => {
    const { core, realtime } = setup(async () => view(owner));
    core.start();
    await settle();
    realtime.ephemeral(channel, 'member:m-fr', { online: true, speaking: true, camera: true, mic: true, tryingOn: { productId: 'p', variantId: null } });
    expect(core.getState().presence['m-fr']).toMatchObject({ speaking: true, tryingOn: { productId: 'p' } });
    expect(core.isOnline('m-fr')).toBe(true);
    expect(core.isOnline('m-fr', realtime.now + 31_000)).toBe(false);
    realtime.ephemeral(channel, 'member:m-fr', { online: false, speaking: false, camera: false, mic: false, tryingOn: null });
    expect(core.isOnline('m-fr')).toBe(false);
    realtime.ephemeral(channel, 'member:m-fr', { online: true, nonsense: 1 });
    expect(core.getState().presence['m-fr']?.online).toBe(false);
    core.dispose();
  });

  it('sends its own presence when it changes and on every heartbeat, and says it is gone when it leaves', async () => {
    vi.useFakeTimers();
    const { core, realtime } = setup(async () => view(owner));
    core.start();
    await vi.advanceTimersByTimeAsync(0);
    const sent = () => realtime.ephemerals.filter((e) => e.key === 'member:m-own').length;
    const before = sent();
    core.setMyLive({ camera: true });
    expect(sent()).toBe(before + 1);
    core.setMyLive({ camera: true });
    expect(sent()).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent()).toBe(before + 2);
    core.dispose();
    expect(realtime.ephemerals.at(-1)?.data).toMatchObject({ online: false });
    await vi.advanceTimersByTimeAsync(300);
    expect(realtime.handlers.size).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent()).toBe(before + 3);
  });

  it('shows each friend’s reactions as the increase of their running count, and old news not at all', async () => {
    const { core, realtime } = setup(async () => view(owner));
    core.start();
    await settle();
    const shown: [string, string, number][] = [];
    core.onReaction((memberId, kind, count) => shown.push([memberId, kind, count]));
    // The server repeats the latest value to a new subscriber: how things stand, not a new tap.
    realtime.ephemeral(channel, 'reaction:m-old', { kind: 'heart', n: 40 }, { replay: true });
    // A live value shows whatever its timestamp says: a busy server or a skewed clock estimate
    // must not swallow a friend's first tap.
    realtime.ephemeral(channel, 'reaction:m-fr', { kind: 'heart', n: 3 }, { serverTime: realtime.now - 60_000 });
    realtime.ephemeral(channel, 'reaction:m-fr', { kind: 'heart', n: 6 });
    realtime.ephemeral(channel, 'reaction:m-fr', { kind: 'wow', n: 1 });
    realtime.ephemeral(channel, 'reaction:m-old', { kind: 'heart', n: 41 });
    expect(shown).toEqual([
      ['m-fr', 'heart', 1],
      ['m-fr', 'heart', 3],
      ['m-fr', 'wow', 1],
      ['m-old', 'heart', 1],
    ]);
    core.react('laugh');
    core.react('laugh');
    expect(realtime.ephemerals.filter((e) => e.key === 'reaction:m-own').map((e) => e.data)).toEqual([
      { kind: 'laugh', n: 1 },
      { kind: 'laugh', n: 2 },
    ]);
    expect(shown.at(-1)).toEqual(['m-own', 'laugh', 1]);
    core.dispose();
  });

  it('adds a snapshot once, whether it comes from the upload or the channel, and drops the ones the server removed', async () => {
    const { core, realtime } = setup(async () => view(owner));
    core.start();
    await settle();
    const snap = (id: string) => ({ id, memberId: friend.id, url: `/api/rooms/r1/snapshots/${id}`, contentType: 'image/jpeg' as const, width: 10, height: 10, bytes: 100, productId: null, at: '' });
    core.receiveSnapshot(snap('a'));
    realtime.event(channel, 'room.snapshot', { snapshot: snap('b'), removed: [] });
    realtime.event(channel, 'room.snapshot', { snapshot: snap('b'), removed: [] }, 3);
    realtime.event(channel, 'room.snapshot', { snapshot: snap('c'), removed: ['a'] }, 4);
    expect(core.getState().snapshots.map((s) => s.id)).toEqual(['b', 'c']);
    core.dispose();
  });

  it('lets the owner remove a member', async () => {
    const { core, api } = setup(async () => view(owner));
    core.start();
    await settle();
    await core.removeMember(friend.id);
    expect(api.removeMember).toHaveBeenCalledWith({ roomId: 'r1', invite: 'tok' }, friend.id);
    expect(core.getState().members).toEqual([owner]);
    core.dispose();
  });
});
