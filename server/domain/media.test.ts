import { describe, expect, it } from 'vitest';
import {
  assertGrantAllowed,
  coShopRoom,
  coShopRoomIdOf,
  guestIdentity,
  isPersonIdentity,
  RecentEventIds,
  RoomPresence,
  showIdOfRoom,
  showRoom,
  userIdentity,
} from './media';

describe('media rooms and identities', () => {
  it('names rooms by kind and reads the id back', () => {
    expect(showRoom('show-summer-eyewear')).toBe('show-show-summer-eyewear');
    expect(showIdOfRoom(showRoom('show-summer-eyewear'))).toBe('show-summer-eyewear');
    expect(coShopRoom('abc')).toBe('room-abc');
    expect(coShopRoomIdOf('room-abc')).toBe('abc');
    expect(showIdOfRoom('room-abc')).toBeNull();
    expect(coShopRoomIdOf('show-x')).toBeNull();
    expect(showIdOfRoom('show-')).toBeNull();
  });

  it('shows a guest only a prefix of the session id', () => {
    expect(guestIdentity('0123456789abcdefXYZ-secret-tail')).toBe('guest:0123456789abcdef');
    expect(userIdentity('u1')).toBe('user:u1');
    expect(isPersonIdentity('guest:1')).toBe(true);
    expect(isPersonIdentity('EG_recorder')).toBe(false);
  });

  it('grants publishing in a show room to the host role only, and co-shopping only in a co-shopping room', () => {
    const base = { identity: 'user:u1', name: 'U' };
    expect(() => assertGrantAllowed({ ...base, room: showRoom('s'), role: 'host' })).not.toThrow();
    expect(() => assertGrantAllowed({ ...base, room: showRoom('s'), role: 'viewer' })).not.toThrow();
    expect(() => assertGrantAllowed({ ...base, room: coShopRoom('r'), role: 'co-shopper' })).not.toThrow();
    expect(() => assertGrantAllowed({ ...base, room: showRoom('s'), role: 'co-shopper' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertGrantAllowed({ ...base, room: coShopRoom('r'), role: 'host' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assertGrantAllowed({ ...base, room: 'elsewhere', role: 'viewer' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('RoomPresence', () => {
  it('counts distinct people present, whatever order their connections come and go in', () => {
    const p = new RoomPresence();
    p.joined('show-a', 'guest:1', 'PA_1');
    p.joined('show-a', 'guest:2', 'PA_2');
    // The same person on a second connection is still one viewer.
    p.joined('show-a', 'guest:2', 'PA_3');
    expect(p.count('show-a')).toBe(2);
    p.left('show-a', 'guest:2', 'PA_2');
    expect(p.count('show-a')).toBe(2);
    // A retried `joined` arriving after its `left` does not bring the connection back.
    p.left('show-a', 'guest:1', 'PA_1');
    p.joined('show-a', 'guest:1', 'PA_1');
    expect(p.count('show-a')).toBe(1);
    // A new connection of the same person does.
    p.joined('show-a', 'guest:1', 'PA_4');
    expect(p.count('show-a')).toBe(2);
    expect(p.count('show-a', (identity) => identity !== 'guest:1')).toBe(1);
    expect(p.count('show-b')).toBe(0);
    p.clear('show-a');
    expect(p.count('show-a')).toBe(0);
  });

  it('without connection ids, the latest word about an identity wins', () => {
    const p = new RoomPresence();
    p.joined('show-a', 'guest:1', undefined);
    p.left('show-a', 'guest:1', undefined);
    expect(p.count('show-a')).toBe(0);
    p.joined('show-a', 'guest:1', undefined);
    expect(p.count('show-a')).toBe(1);
  });
});

describe('RecentEventIds', () => {
  it('remembers ids for a while, then forgets them', () => {
    let now = 0;
    const ids = new RecentEventIds(100, 1_000, () => now);
    ids.add('a');
    expect(ids.has('a')).toBe(true);
    expect(ids.has('b')).toBe(false);
    now = 999;
    expect(ids.has('a')).toBe(true);
    now = 1_000;
    expect(ids.has('a')).toBe(false);
  });

  it('keeps at most its capacity, dropping the oldest first', () => {
    const ids = new RecentEventIds(3, 60_000, () => 0);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([false, true, true, true]);
  });
});
