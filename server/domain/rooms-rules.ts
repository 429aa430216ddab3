// The pure rules of co-shopping rooms: invite tokens, who may set which latest-wins key, what an
// order's fate means for the room lines it covers, what a checkout buys, and what an upload is.
// No database, no I/O: unit-tested in rooms-rules.test.ts.
import crypto from 'node:crypto';
import type { OrderStatus } from '../../common/api';
import { memberOfRoomKey, roomEventTypes, roomMeshJoin, roomMeshLeave, roomMeshSignal, type RoomLineStatus, type RoomMember, type RoomSnapshotType } from '../../common/rooms';

/** 32 random bytes: 256 bits, far beyond guessing (the brief asks for at least 128). */
export function newInviteToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Only the hash is stored: a database leak hands out no way into anyone's room. */
export function hashInvite(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** Compares hashes in constant time, so response timing tells nothing about how close a guess was. */
export function inviteMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashInvite(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}

/** A member may set its own `member:`, `look3d:` and `reaction:` keys and nothing else. */
export function mayMemberSetKey(key: string, memberId: string): boolean {
  return memberOfRoomKey(key) === memberId;
}

/** What members may publish into their room: the mesh's signalling (events come from the server). */
export const roomClientEventTypes: readonly string[] = [roomMeshJoin.type, roomMeshLeave.type, roomMeshSignal.type];

/** Server events are the server's alone: a member publishing `room.cart` is refused. */
export function mayMemberPublish(type: string | undefined): boolean {
  return type !== undefined && roomClientEventTypes.includes(type) && !(roomEventTypes as readonly string[]).includes(type);
}

/**
 * What a room line becomes when the order that covers it changes: paid (or shipped) lines are
 * bought; a pending order keeps them being paid; a cancelled, expired or refunded order gives them
 * back to the room, open for anyone to pay.
 */
export function lineStatusForOrder(status: OrderStatus): RoomLineStatus {
  switch (status) {
    case 'paid':
    case 'fulfilled':
      return 'bought';
    case 'pending':
      return 'paying';
    case 'cancelled':
    case 'refunded':
      return 'open';
  }
}

/** One checkout item per variant: two members' lines of one variant are one order line. */
export function checkoutItemsOf(lines: { variantId: string; quantity: number }[]): { variantId: string; quantity: number }[] {
  const byVariant = new Map<string, number>();
  for (const line of lines) byVariant.set(line.variantId, (byVariant.get(line.variantId) ?? 0) + line.quantity);
  return [...byVariant].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** Owner first, then in the order people joined. */
export function orderMembers(members: RoomMember[]): RoomMember[] {
  return [...members].sort((a, b) => (a.role === b.role ? a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id) : a.role === 'owner' ? -1 : 1));
}

/**
 * Who may take whom out of a room: the owner removes anyone else; a member may leave by itself.
 * The owner does not leave: it closes the room.
 */
export function removalKind(actor: { id: string; role: 'owner' | 'member' }, targetId: string): 'remove' | 'leave' | 'owner-cannot-leave' | 'forbidden' {
  if (actor.id === targetId) return actor.role === 'owner' ? 'owner-cannot-leave' : 'leave';
  return actor.role === 'owner' ? 'remove' : 'forbidden';
}

/** The image type that a file's first bytes declare, whatever its name or Content-Type says. */
export function sniffImageType(bytes: Uint8Array): RoomSnapshotType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  // RIFF....WEBP
  if (bytes.length >= 12 && starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

/** The media type of a Content-Type header without its parameters, lower-cased. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Rooms nobody changed for `idleHours` are due for deletion at this time. */
export function roomExpiresAt(lastActiveAt: Date, idleHours: number): Date {
  return new Date(lastActiveAt.getTime() + idleHours * 3_600_000);
}
