// The live-media port (DESIGN.md §1, §3): what the domain asks of a media provider, with no
// provider in sight. adapters/media/local.ts and adapters/media/livekit.ts implement it.
import type { MediaAccess, MediaRole } from '../../common/media';
import { DomainError } from './errors';

export type { MediaAccess, MediaRole } from '../../common/media';

export interface MediaGrantRequest {
  room: string;
  /** Unique within a room: a provider may drop an earlier connection with the same identity. */
  identity: string;
  /** Shown to the other participants. */
  name: string;
  role: MediaRole;
}

export type MediaEventKind = 'room-started' | 'room-finished' | 'participant-joined' | 'participant-left' | 'track-published' | 'track-unpublished';

/** Something the media provider reports about a room, after its signature has been checked. */
export interface MediaEvent {
  /** The provider's event id: deliveries are retried, and a repeat must change nothing. */
  id: string;
  kind: MediaEventKind;
  room: string;
  /** When the provider says it happened. */
  at: Date;
  /** For participant and track events. */
  identity?: string;
  /**
   * The provider's id for this one connection of the participant. A reconnecting browser gets a new
   * one, so presence is counted per connection: a late `joined` of a connection already `left`
   * cannot bring a ghost back.
   */
  participantId?: string;
}

export interface MediaProvider {
  readonly name: 'local' | 'livekit';
  /** Everything a participant needs to connect with the grants of its role. Refuses what the role may not have. */
  access(req: MediaGrantRequest): Promise<MediaAccess>;
  /**
   * Present only for providers that report room events over HTTP. Verifies the delivery before
   * reading it (a missing or wrong signature is BAD_SIGNATURE) and returns null for events this app
   * does not act on.
   */
  parseWebhook?(rawBody: string, authHeader: string | undefined): Promise<MediaEvent | null>;
}

// ---------- room names ----------
// One namespace per kind of room, so a room name alone says which rules apply to it.
const showPrefix = 'show-';
const coShopPrefix = 'room-';

export const showRoom = (showId: string) => `${showPrefix}${showId}`;
export const coShopRoom = (roomId: string) => `${coShopPrefix}${roomId}`;
export const showIdOfRoom = (room: string): string | null => (room.startsWith(showPrefix) && room.length > showPrefix.length ? room.slice(showPrefix.length) : null);
export const coShopRoomIdOf = (room: string): string | null =>
  room.startsWith(coShopPrefix) && room.length > coShopPrefix.length ? room.slice(coShopPrefix.length) : null;

// ---------- identities ----------
// Identities are visible to everyone in the room: a guest's carries a prefix of the session id (itself
// a hash of the cookie token), never the token.
export const userIdentity = (userId: string) => `user:${userId}`;
export const guestIdentity = (sessionId: string) => `guest:${sessionId.slice(0, 16)}`;
/** Shoppers and hosts, as opposed to a provider's own hidden participants (recorders, agents). */
export const isPersonIdentity = (identity: string) => identity.startsWith('user:') || identity.startsWith('guest:');

/**
 * The one rule every provider enforces before granting anything: only the host publishes into a
 * show room, and co-shoppers publish only into a co-shopping room. A wrong combination is a bug or
 * an attack, never a user's honest mistake, so it is refused rather than downgraded.
 */
export function assertGrantAllowed(req: MediaGrantRequest): void {
  const isShowRoom = showIdOfRoom(req.room) !== null;
  const isCoShopRoom = coShopRoomIdOf(req.room) !== null;
  if (!isShowRoom && !isCoShopRoom) throw new DomainError('FORBIDDEN', `No media grants for room ${req.room}`);
  if (req.role === 'host' && !isShowRoom) throw new DomainError('FORBIDDEN', 'A host publishes only into a show room');
  if (req.role === 'co-shopper' && !isCoShopRoom) throw new DomainError('FORBIDDEN', 'Only the host publishes into a show room');
  if (!req.identity) throw new DomainError('FORBIDDEN', 'A media participant needs an identity');
}

// ---------- presence and retried deliveries ----------

/**
 * Who is connected to each room, per connection. Kept in memory: a count of people watching right
 * now means nothing after a restart, and LiveKit reports the room afresh as people reconnect.
 * A connection that has left stays as a tombstone until its room finishes, so a `joined` delivered
 * after its `left` (retries are not ordered) cannot count it again.
 */
export class RoomPresence {
  private readonly rooms = new Map<string, Map<string, { identity: string; present: boolean }>>();

  private connections(room: string) {
    let r = this.rooms.get(room);
    if (!r) this.rooms.set(room, (r = new Map()));
    return r;
  }

  joined(room: string, identity: string, participantId: string | undefined): void {
    const r = this.connections(room);
    const key = participantId ?? `identity:${identity}`;
    // Without a connection id only the identity is known, and the latest word wins.
    if (participantId && r.get(key)?.present === false) return;
    r.set(key, { identity, present: true });
  }

  left(room: string, identity: string, participantId: string | undefined): void {
    this.connections(room).set(participantId ?? `identity:${identity}`, { identity, present: false });
  }

  /** Distinct identities present: one person on a flaky connection is still one viewer. */
  count(room: string, counts: (identity: string) => boolean = () => true): number {
    const present = new Set<string>();
    for (const c of this.rooms.get(room)?.values() ?? []) if (c.present && counts(c.identity)) present.add(c.identity);
    return present.size;
  }

  clear(room: string): void {
    this.rooms.delete(room);
  }
}

/**
 * Event ids seen recently, to answer a retried delivery with "already done". Bounded in count and
 * age: a provider retries for minutes, not hours. Every change an event makes is also safe to
 * repeat (conditional state updates, set-like presence), so a repeat that outlives this memory, or
 * reaches another server instance, changes nothing either.
 */
export class RecentEventIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxIds = 10_000,
    private readonly maxAgeMs = 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  has(id: string): boolean {
    const at = this.seen.get(id);
    return at !== undefined && this.now() - at < this.maxAgeMs;
  }

  add(id: string): void {
    const now = this.now();
    this.seen.delete(id);
    this.seen.set(id, now);
    // Insertion order is age order: drop from the front.
    for (const [oldest, at] of this.seen) {
      if (this.seen.size <= this.maxIds && now - at < this.maxAgeMs) break;
      this.seen.delete(oldest);
    }
  }
}
