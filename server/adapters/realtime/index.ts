// Builds the realtime hub for the configured database (DESIGN.md §1): in-process fan-out on PGlite,
// the same hub plus PostgreSQL LISTEN/NOTIFY between instances on PostgreSQL.
import crypto from 'node:crypto';
import type { Database } from '../db';
import { Hub, type HubOptions } from './hub';
import { listenForNotifications } from './listener';
import { createEventLog, notifyChannel, notifyEphemeral } from './log';

export { attachRealtime, type RealtimeGateway } from './gateway';
export { Hub } from './hub';

export interface RealtimeOptions extends HubOptions {
  /** The PostgreSQL URL for the LISTEN connection; null on PGlite. */
  listenUrl: string | null;
}

export async function createRealtime(database: Database, options: RealtimeOptions): Promise<Hub> {
  const { listenUrl, ...hubOptions } = options;
  const log = hubOptions.log ?? (() => undefined);
  const instanceId = crypto.randomUUID();
  if (database.kind !== 'postgres' || !listenUrl) {
    return new Hub(createEventLog(database.db, null), { instanceId, mode: 'hub' }, hubOptions);
  }
  let hub: Hub | null = null;
  const listener = listenForNotifications(listenUrl, notifyChannel, {
    onNotification: (payload) => hub?.receiveNotification(payload),
    onReconnect: () => void hub?.resync(),
    log,
  });
  hub = new Hub(
    createEventLog(database.db, { instanceId }),
    {
      instanceId,
      mode: 'hub+pg-notify',
      broadcastEphemeral: (payload) => void notifyEphemeral(database.db, payload).catch((error: unknown) => log(`realtime: NOTIFY failed: ${String(error)}`)),
      close: () => listener.close(),
    },
    hubOptions,
  );
  await listener.ready;
  return hub;
}
