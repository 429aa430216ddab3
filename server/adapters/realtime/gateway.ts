// The /ws endpoint: WebSocket upgrades on the app's own HTTP server, authenticated by the same `sid`
// cookie as the API, refused when they come from another site (a browser sends the victim's cookies
// with a cross-site WebSocket, and CORS does not apply to it). Parses and rate-limits client messages,
// keeps sockets honest with pings, and hands everything else to the hub.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientMessageSchema, isChannel, maxClientMessageBytes, maxEphemeralBytes, realtimePath, type ServerMessage } from '../../../common/realtime';
import type { SessionInfo } from '../../domain/accounts';
import { readBrowserId, readCookie, sessionCookie } from '../../http/session';
import type { Hub, HubConnection, Peer } from './hub';

export interface RealtimeGatewayDeps {
  realtime: Hub;
  accounts: { resolveSession(token: string): Promise<SessionInfo | null> };
  config: { allowedOrigins: string[] };
}

export interface RealtimeGatewayOptions {
  /** A socket that has not answered the previous ping when the next one is due is dropped. */
  heartbeatMs?: number;
  /** Sustained client messages per second per socket (a pointer at 15 Hz plus chat fits easily)… */
  messagesPerSecond?: number;
  /** …with bursts up to this many. */
  messageBurst?: number;
  log?: (msg: string) => void;
}

export interface RealtimeGateway {
  close(): Promise<void>;
}

/** Browsers always send Origin with a WebSocket handshake; a request without one is not from a browser and carries no victim's cookies. */
export function isSameSiteUpgrade(req: http.IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const reasons = { 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function refuse(socket: Duplex, status: keyof typeof reasons, message: string) {
  const reason = reasons[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  socket.destroy();
}

/** A token bucket: `rate` per second sustained, `burst` at once. */
class MessageBudget {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const textOf = (data: RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');

export function attachRealtime(server: http.Server, deps: RealtimeGatewayDeps, options: RealtimeGatewayOptions = {}): RealtimeGateway {
  const hub = deps.realtime;
  const log = options.log ?? (() => undefined);
  const rate = options.messagesPerSecond ?? 30;
  const burst = options.messageBurst ?? 60;
  // ws closes a socket that sends a bigger frame with 1009 before buffering it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxClientMessageBytes });
  const alive = new WeakMap<WebSocket, boolean>();

  function accept(ws: WebSocket, session: SessionInfo | null, browserId: string | null) {
    const peer: Peer = {
      send: (text) => {
        // Bytes go as a text frame too (they are the UTF-8 of a JSON message).
        if (ws.readyState === ws.OPEN) ws.send(text, { binary: false });
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      terminate: () => ws.terminate(),
    };
    const conn: HubConnection = hub.connect(peer, session, browserId);
    peer.send(JSON.stringify({ op: 'hello', connectionId: conn.id } satisfies ServerMessage));
    const budget = new MessageBudget(rate, burst);
    let lastLimitNotice = 0;
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => conn.close());
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (!budget.take()) {
        // One notice a second is enough; the dropped messages were not processed.
        if (Date.now() - lastLimitNotice > 1000) {
          lastLimitNotice = Date.now();
          conn.sendError('RATE_LIMITED', 'Too many messages; slow down a little');
        }
        return;
      }
      if (isBinary) return conn.sendError('BAD_REQUEST', 'Messages are JSON text');
      const text = textOf(data);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return conn.sendError('BAD_REQUEST', 'Messages are JSON text');
      }
      const parsed = clientMessageSchema.safeParse(json);
      if (!parsed.success) {
        const channel = (json as { channel?: unknown } | null)?.channel;
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
        return conn.sendError('VALIDATION_FAILED', detail, isChannel(channel) ? channel : undefined);
      }
      if (parsed.data.op === 'ephemeral' && Buffer.byteLength(text) > maxEphemeralBytes) {
        return conn.sendError('PAYLOAD_TOO_LARGE', `A latest-wins value is at most ${maxEphemeralBytes} bytes`, parsed.data.channel);
      }
      conn.receive(parsed.data);
    });
  }

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== realtimePath) {
      // Another listener (Vite's hot reload in development) may own it; with none, answer rather than leave it hanging.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not found');
      return;
    }
    socket.on('error', () => socket.destroy());
    if (!isSameSiteUpgrade(req, deps.config.allowedOrigins)) return refuse(socket, 403, 'This connection came from another site');
    const token = readCookie(req.headers.cookie, sessionCookie);
    // A first-time visitor has no session yet and may still watch public channels.
    (token ? deps.accounts.resolveSession(token) : Promise.resolve(null)).then(
      (session) => {
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => accept(ws, session, readBrowserId(req.headers.cookie)));
      },
      (error: unknown) => {
        log(`realtime: session lookup failed: ${String(error)}`);
        refuse(socket, 500, 'Something went wrong on the server');
      },
    );
  };
  server.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    async close() {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      // 1001 "going away": clients reconnect at once (to another instance behind a balancer).
      const open = [...wss.clients];
      for (const ws of open) ws.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          resolve();
        }, 1000);
        const check = () => {
          if (wss.clients.size === 0) {
            clearTimeout(deadline);
            resolve();
          }
        };
        for (const ws of open) ws.once('close', check);
        check();
      });
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
