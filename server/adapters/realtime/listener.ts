// The LISTEN side of the cross-instance fan-out: one dedicated connection (a pooled one would be
// handed to other queries, and LISTEN belongs to a session), reconnected with backoff. Notifications
// sent while it was down are lost, so after a reconnect the hub reads what it missed from the log.
import pg from 'pg';

/** How the LISTEN connection shows in pg_stat_activity. */
export const listenerApplicationName = 'live-shop realtime listener';

export interface PgListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface PgListenerOptions {
  onNotification(payload: string): void;
  /** Called after every reconnection (not the first connection). */
  onReconnect(): void;
  log(msg: string): void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle connection proves it is alive; a half-open TCP connection would otherwise stay silent. */
  checkIntervalMs?: number;
}

export function listenForNotifications(url: string, channel: string, options: PgListenerOptions): PgListener {
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  let current: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let connectedOnce = false;
  let retryTimer: NodeJS.Timeout | null = null;
  const dropped = new WeakSet<pg.Client>();
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const check = setInterval(() => {
    const c = current;
    if (c) c.query('SELECT 1').catch(() => drop(c, 'liveness check failed'));
  }, options.checkIntervalMs ?? 15_000);
  check.unref();

  function drop(c: pg.Client, reason: string) {
    if (dropped.has(c)) return;
    dropped.add(c);
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (current === c) current = null;
    if (closed) return;
    options.log(`realtime: LISTEN connection lost (${reason}); reconnecting`);
    scheduleConnect();
  }

  function scheduleConnect() {
    if (closed || retryTimer) return;
    // Full jitter: instances that lost the database together do not come back in lockstep.
    const delay = failures === 0 ? 0 : Math.random() * Math.min(maxBackoff, minBackoff * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref();
  }

  async function connect() {
    const c = new pg.Client({
      connectionString: url,
      application_name: listenerApplicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 10_000,
    });
    c.on('error', (error) => drop(c, error.message));
    c.on('end', () => drop(c, 'connection ended'));
    c.on('notification', (message) => {
      if (message.channel === channel && message.payload) options.onNotification(message.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(c, error instanceof Error ? error.message : String(error));
      return;
    }
    if (closed || dropped.has(c)) {
      if (!dropped.has(c)) drop(c, 'closed');
      return;
    }
    current = c;
    failures = 0;
    if (connectedOnce) options.onReconnect();
    connectedOnce = true;
    resolveReady();
  }

  void connect();

  return {
    ready,
    async close() {
      closed = true;
      clearInterval(check);
      if (retryTimer) clearTimeout(retryTimer);
      const c = current;
      current = null;
      if (c) {
        dropped.add(c);
        c.removeAllListeners('notification');
        await c.end().catch(() => undefined);
      }
    },
  };
}
