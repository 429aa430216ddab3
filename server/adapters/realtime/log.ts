// The channel log in the database: sequence numbers and recent events, shared by every server
// instance on one database. Allocating the number, storing the event and (on PostgreSQL) notifying the
// other instances is one statement, so it commits as one: the row lock on channel_seq orders the
// commits of one channel, and NOTIFY delivers in commit order.
import { sql, type SQL } from 'drizzle-orm';
import type { Channel } from '../../../common/realtime';
import type { Db, Executor } from '../db';

export interface StoredEvent {
  channel: Channel;
  seq: number;
  /** Milliseconds since the epoch, from the database clock: one clock for every instance, so times rise with seq. */
  serverTime: number;
  type: string;
  data: unknown;
}

export interface EventLog {
  /**
   * `ex`: a transaction to number and store the event in, so that it commits or rolls back with the
   * change it announces (the channel's sequence row stays locked until then); the log's own handle otherwise.
   * `alongside`: data-modifying statements (the change itself) run as part of the append's one
   * statement, so that the change and its event cost one round trip and succeed or fail together.
   */
  append(channel: Channel, type: string, data: unknown, ex?: Executor, alongside?: SQL[]): Promise<StoredEvent>;
  /** The channel's last sequence number; 0 for a channel without events. */
  head(channel: Channel): Promise<number>;
  /** Events with afterSeq < seq <= uptoSeq, in order, at most `limit`. */
  range(channel: Channel, afterSeq: number, uptoSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Deletes events older than maxAgeMs; returns how many. */
  prune(maxAgeMs: number): Promise<number>;
}

/** The LISTEN/NOTIFY channel of the realtime fan-out (one per database). */
export const notifyChannel = 'live_shop_realtime';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; bigger events go by reference. */
export const maxNotifyBytes = 7900;

/**
 * What one instance tells the others. `i` is the sender, so it can skip its own echo. An event
 * without `y` was too big to carry: the receiver reads it from channel_events.
 */
export type NotifyPayload =
  | { k: 'e'; i: string; c: Channel; s: number; t?: number; y?: string; d?: unknown }
  | { k: 'x'; i: string; c: Channel; key: string; t: number; d: unknown };

type Row = { seq: number; t: number; type: string; data: unknown };

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** `notify`: the instance id to stamp on NOTIFY payloads (PostgreSQL), or null for in-process fan-out (PGlite). */
export function createEventLog(db: Db, notify: { instanceId: string } | null): EventLog {
  const toEvent = (channel: Channel, r: Row): StoredEvent => ({ channel, seq: Number(r.seq), serverTime: Number(r.t), type: r.type, data: r.data });

  return {
    async append(channel, type, data, ex = db, alongside = []) {
      const json = JSON.stringify(data ?? null);
      // Unreferenced data-modifying CTEs still run, once, on the statement's snapshot.
      const changes = sql.join(alongside.map((statement, i) => sql`${sql.raw(`alongside${i}`)} AS (${statement}), `));
      const allocate = sql`
        WITH ${changes}s AS (
          INSERT INTO channel_seq AS cs (channel, seq) VALUES (${channel}, 1)
          ON CONFLICT (channel) DO UPDATE SET seq = cs.seq + 1
          RETURNING cs.seq
        ), e AS (
          INSERT INTO channel_events (channel, seq, server_time, type, data)
          SELECT ${channel}, s.seq, clock_timestamp(), ${type}, ${json}::jsonb FROM s
          RETURNING seq, round(extract(epoch FROM server_time) * 1000)::float8 AS t
        )`;
      if (!notify) {
        const [row] = rowsOf<Row>(await ex.execute(sql`${allocate} SELECT e.seq, e.t FROM e`));
        return toEvent(channel, { ...row!, type, data });
      }
      const i = notify.instanceId;
      const [row] = rowsOf<Row>(
        await ex.execute(sql`${allocate}
          SELECT e.seq, e.t, pg_notify(${notifyChannel}, CASE WHEN octet_length(p.full) <= ${maxNotifyBytes} THEN p.full
            ELSE json_build_object('k', 'e', 'i', ${i}::text, 'c', ${channel}::text, 's', e.seq)::text END)
          FROM e, LATERAL (SELECT json_build_object('k', 'e', 'i', ${i}::text, 'c', ${channel}::text, 's', e.seq, 't', e.t, 'y', ${type}::text, 'd', ${json}::jsonb)::text AS full) p`),
      );
      return toEvent(channel, { ...row!, type, data });
    },

    async head(channel) {
      const [row] = rowsOf<{ seq: number }>(await db.execute(sql`SELECT seq FROM channel_seq WHERE channel = ${channel}`));
      return row ? Number(row.seq) : 0;
    },

    async range(channel, afterSeq, uptoSeq, limit) {
      const rows = rowsOf<Row>(
        await db.execute(sql`
          SELECT seq, round(extract(epoch FROM server_time) * 1000)::float8 AS t, type, data FROM channel_events
          WHERE channel = ${channel} AND seq > ${afterSeq} AND seq <= ${uptoSeq}
          ORDER BY seq LIMIT ${limit}`),
      );
      return rows.map((r) => toEvent(channel, r));
    },

    async prune(maxAgeMs) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`
          WITH d AS (DELETE FROM channel_events WHERE server_time < clock_timestamp() - make_interval(secs => ${maxAgeMs / 1000}) RETURNING 1)
          SELECT count(*)::int AS n FROM d`),
      );
      return Number(row?.n ?? 0);
    },
  };
}

/** Sends a latest-wins value to the other instances; dropped when too big (it is superseded soon anyway). */
export async function notifyEphemeral(db: Db, payload: Extract<NotifyPayload, { k: 'x' }>): Promise<void> {
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > maxNotifyBytes) return;
  await db.execute(sql`SELECT pg_notify(${notifyChannel}, ${text})`);
}
