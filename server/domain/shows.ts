// Shows as the storefront lists them. The live issue adds the studio, state changes and the channel.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { ShowState, ShowSummary } from '../../common/api';
import type { Db } from '../adapters/db';
import { showProducts, shows, users } from '../adapters/db/schema';
import { DomainError, notFound } from './errors';
import {
  guestIdentity,
  isPersonIdentity,
  RecentEventIds,
  RoomPresence,
  showIdOfRoom,
  showRoom,
  userIdentity,
  type MediaEvent,
  type MediaGrantRequest,
} from './media';

/** Who asks to join a show's media room. */
export interface MediaParticipant {
  userId: string | null;
  sessionId: string;
  name: string;
}

export type MediaEventOutcome =
  | { outcome: 'duplicate' | 'ignored' }
  | { outcome: 'applied'; showId: string; state: ShowState; viewerCount: number };

export function createShows(db: Db) {
  const presence = new RoomPresence();
  const seenMediaEvents = new RecentEventIds();

  async function mediaRow(showId: string) {
    const [row] = await db.select({ id: shows.id, hostId: shows.hostId, state: shows.state }).from(shows).where(eq(shows.id, showId));
    return row;
  }

  /** People in a show's media room other than its host (whose joins are never counted), from the media provider's events. */
  function viewerCount(showId: string): number {
    return presence.count(showRoom(showId), isPersonIdentity);
  }

  return {
    /** Live shows first, then upcoming ones by time. */
    async listCurrent(): Promise<ShowSummary[]> {
      const rows = await db
        .select({ s: shows, hostName: users.displayName })
        .from(shows)
        .innerJoin(users, eq(users.id, shows.hostId))
        .where(ne(shows.state, 'ended'))
        .orderBy(asc(shows.scheduledAt));
      const lineup = rows.length
        ? await db.select().from(showProducts).where(inArray(showProducts.showId, rows.map((r) => r.s.id))).orderBy(asc(showProducts.position))
        : [];
      return rows
        .map(({ s, hostName }) => ({
          id: s.id,
          title: { ja: s.titleJa, en: s.titleEn },
          hostName,
          cover: s.cover,
          scheduledAt: s.scheduledAt.toISOString(),
          state: s.state as ShowState,
          productIds: lineup.filter((l) => l.showId === s.id).map((l) => l.productId),
        }))
        .sort((a, b) => Number(b.state === 'live') - Number(a.state === 'live'));
    },

    /** The grant a participant gets in a show's media room: its host publishes, everyone else watches. */
    async mediaGrant(showId: string, who: MediaParticipant): Promise<MediaGrantRequest> {
      const show = await mediaRow(showId);
      if (!show) throw notFound('Show');
      if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'This show has ended');
      return {
        room: showRoom(show.id),
        identity: who.userId ? userIdentity(who.userId) : guestIdentity(who.sessionId),
        name: who.name,
        role: who.userId === show.hostId ? 'host' : 'viewer',
      };
    },

    viewerCount,

    /**
     * Applies a verified media event to its show. The show goes live when its host is in the room,
     * not when the room starts: any viewer holding a token for a scheduled show starts the room by
     * joining first. It ends when the room finishes after being live; a room that finishes before
     * the host ever came (early viewers left) leaves the show scheduled. Each change is conditional
     * on the current state, so repeats and out-of-order deliveries are harmless.
     */
    async applyMediaEvent(event: MediaEvent): Promise<MediaEventOutcome> {
      if (seenMediaEvents.has(event.id)) return { outcome: 'duplicate' };
      const showId = showIdOfRoom(event.room);
      const show = showId ? await mediaRow(showId) : undefined;
      if (!show) {
        seenMediaEvents.add(event.id);
        return { outcome: 'ignored' };
      }
      const host = userIdentity(show.hostId);
      const byHost = event.identity === host;
      let state = show.state as ShowState;
      switch (event.kind) {
        case 'participant-joined':
        case 'track-published':
          if (byHost && state === 'scheduled') {
            await db.update(shows).set({ state: 'live', startedAt: event.at }).where(and(eq(shows.id, show.id), eq(shows.state, 'scheduled')));
            state = ((await mediaRow(show.id))?.state ?? state) as ShowState;
          } else if (!byHost && event.kind === 'participant-joined' && event.identity && state !== 'ended') {
            presence.joined(event.room, event.identity, event.participantId);
          }
          break;
        case 'participant-left':
          if (event.identity) presence.left(event.room, event.identity, event.participantId);
          break;
        case 'room-finished':
          if (state === 'live') {
            await db.update(shows).set({ state: 'ended', endedAt: event.at }).where(and(eq(shows.id, show.id), eq(shows.state, 'live')));
            state = ((await mediaRow(show.id))?.state ?? state) as ShowState;
          }
          presence.clear(event.room);
          break;
        case 'room-started':
        case 'track-unpublished':
          break;
      }
      // Marked only once applied: a delivery that failed half-way is retried by the provider and runs again.
      seenMediaEvents.add(event.id);
      return { outcome: 'applied', showId: show.id, state, viewerCount: viewerCount(show.id) };
    },
  };
}

export type Shows = ReturnType<typeof createShows>;
