import { describe, expect, it } from 'vitest';
import { memberOfRoomKey, roomInviteTokenSchema, roomKey, roomMeshSignal } from '../../common/rooms';
import {
  checkoutItemsOf,
  hashInvite,
  inviteMatches,
  lineStatusForOrder,
  mayMemberPublish,
  mayMemberSetKey,
  mediaTypeOf,
  newInviteToken,
  orderMembers,
  removalKind,
  roomExpiresAt,
  sniffImageType,
} from './rooms-rules';

describe('invite tokens', () => {
  it('are 256 random bits in the contract’s format, different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, newInviteToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(roomInviteTokenSchema.safeParse(t).success).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as a hash that matches only the token itself', () => {
    const token = newInviteToken();
    const stored = hashInvite(token);
    expect(stored).not.toContain(token);
    expect(inviteMatches(token, stored)).toBe(true);
    expect(inviteMatches(newInviteToken(), stored)).toBe(false);
    // One character off is as wrong as any other guess.
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(inviteMatches(flipped, stored)).toBe(false);
    expect(inviteMatches(token, 'short')).toBe(false);
  });
});

describe('latest-wins keys', () => {
  it('a member sets only its own member:, look3d: and reaction: keys', () => {
    expect(mayMemberSetKey(roomKey('member', 'm1'), 'm1')).toBe(true);
    expect(mayMemberSetKey(roomKey('look3d', 'm1'), 'm1')).toBe(true);
    expect(mayMemberSetKey(roomKey('reaction', 'm1'), 'm1')).toBe(true);
    expect(mayMemberSetKey(roomKey('look3d', 'm2'), 'm1')).toBe(false);
    expect(mayMemberSetKey('look3d', 'm1')).toBe(false);
    expect(mayMemberSetKey('cart:m1', 'm1')).toBe(false);
    expect(mayMemberSetKey('member:m1:extra', 'm1')).toBe(false);
    expect(memberOfRoomKey('pointer:m1')).toBeNull();
  });

  it('members publish mesh signalling, never the server’s own events', () => {
    expect(mayMemberPublish(roomMeshSignal.type)).toBe(true);
    expect(mayMemberPublish('room.cart')).toBe(false);
    expect(mayMemberPublish('room.members')).toBe(false);
    expect(mayMemberPublish('chat.send')).toBe(false);
    expect(mayMemberPublish(undefined)).toBe(false);
  });
});

describe('room lines and their orders', () => {
  it('follow the order: paid is bought, pending is being paid, anything else opens them again', () => {
    expect(lineStatusForOrder('pending')).toBe('paying');
    expect(lineStatusForOrder('paid')).toBe('bought');
    expect(lineStatusForOrder('fulfilled')).toBe('bought');
    expect(lineStatusForOrder('cancelled')).toBe('open');
    expect(lineStatusForOrder('refunded')).toBe('open');
  });

  it('are bought as one item per variant', () => {
    expect(
      checkoutItemsOf([
        { variantId: 'a', quantity: 1 },
        { variantId: 'b', quantity: 2 },
        { variantId: 'a', quantity: 3 },
      ]),
    ).toEqual([
      { variantId: 'a', quantity: 4 },
      { variantId: 'b', quantity: 2 },
    ]);
  });
});

describe('members', () => {
  const m = (id: string, role: 'owner' | 'member', joinedAt: string) => ({ id, displayName: id, role, joinedAt });

  it('are listed owner first, then by joining time', () => {
    const list = orderMembers([m('c', 'member', '2026-01-01T00:00:03Z'), m('b', 'member', '2026-01-01T00:00:02Z'), m('a', 'owner', '2026-01-01T00:00:05Z')]);
    expect(list.map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('are removed by the owner only, leave by themselves, and the owner closes instead of leaving', () => {
    expect(removalKind({ id: 'o', role: 'owner' }, 'x')).toBe('remove');
    expect(removalKind({ id: 'x', role: 'member' }, 'x')).toBe('leave');
    expect(removalKind({ id: 'x', role: 'member' }, 'y')).toBe('forbidden');
    expect(removalKind({ id: 'o', role: 'owner' }, 'o')).toBe('owner-cannot-leave');
  });
});

describe('uploads', () => {
  it('are typed by their first bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });

  it('read the media type of a Content-Type header without its parameters', () => {
    expect(mediaTypeOf('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(mediaTypeOf(undefined)).toBe('');
  });
});

it('rooms expire a set time after their last change', () => {
  expect(roomExpiresAt(new Date('2026-12-01T00:00:00Z'), 24).toISOString()).toBe('2026-12-02T00:00:00.000Z');
});
