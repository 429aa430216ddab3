// Shows as the storefront lists them. The live issue adds the studio, state changes and the channel.
import { asc, eq, inArray, ne } from 'drizzle-orm';
import type { ShowState, ShowSummary } from '../../common/api';
import type { Db } from '../adapters/db';
import { showProducts, shows, users } from '../adapters/db/schema';

export function createShows(db: Db) {
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
  };
}

export type Shows = ReturnType<typeof createShows>;
