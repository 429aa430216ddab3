// The realtime client: one WebSocket per tab to /ws, shared by every feature (DESIGN.md §3), built
// like zustand's vanilla store: a React-free core with subscribe/getState and a one-line React
// binding (useRealtime.ts).
//
// - Reconnects with exponential backoff and full jitter, waits while the browser is offline, and
//   resubscribes with the last sequence number of each channel, so the server sends only what was missed.
// - Hands each channel's events to its handlers exactly once and in sequence order; a gap is held
//   briefly (the missing event is usually just behind) and then answered by asking for a snapshot.
// - Estimates the server clock from ping/pong so countdowns end at the same moment everywhere.
// - Sends latest-wins values (a 3D camera, a pointer) at most every 66 ms, newest only, and never
//   queues them behind a socket that is still sending.
import type { z } from 'zod';
import {
  ephemeralIntervalMs,
  realtimePath,
  serverMessageSchema,
  type Channel,
  type ClientEventSpec,
  type ClientMessage,
  type ServerDirect,
  type ServerEphemeral,
  type ServerError,
  type ServerEvent,
  type ServerSnapshot,
} from '../../common/realtime';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline';

export interface ChannelHandlers {
  /** The channel's whole state as of `snapshot.seq`: replace what you hold. */
  snapshot?(state: unknown, snapshot: ServerSnapshot): void;
  /** The next event after the last one or the snapshot, in sequence order, once. */
  event?(event: ServerEvent): void;
  /** A latest-wins value; only the newest matters. */
  ephemeral?(value: ServerEphemeral): void;
  /** The server refused something in this channel (FORBIDDEN on subscribe, a publish it rejected…). */
  error?(error: ServerError): void;
  /** A message for this connection alone (WebRTC signalling); never replayed after a reconnect. */
  direct?(message: ServerDirect): void;
}

/** The part of the browser's WebSocket this client uses, so tests can hand it a fake. */
export interface SocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface NetworkStatus {
  isOnline(): boolean;
  /** Calls back when the browser goes online or offline; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
}

export interface RealtimeClientOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  network?: NetworkStatus;
  now?: () => number;
  random?: () => number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long an out-of-order event waits for the ones before it before the client asks for a snapshot. */
  gapWaitMs?: number;
  /** Pings in a row after connecting: the one with the shortest round trip sets the clock offset. */
  clockSamples?: number;
  /** A ping every so often keeps the clock estimate fresh and notices a dead connection. */
  pingIntervalMs?: number;
  /** No pong within this long: the connection is dead even if the browser has not noticed. */
  pongTimeoutMs?: number;
  /** Errors that belong to no channel (a rate limit, a malformed message). */
  onError?: (error: ServerError) => void;
}

export interface ClockEstimate {
  /** serverTime ≈ Date.now() + offset. */
  offsetMs: number;
  /** Round trip of the sample the offset comes from; Infinity before the first pong. */
  roundTripMs: number;
}

export interface RealtimeClient {
  /** Joins a channel (once per tab, however many handlers); returns the leave function. */
  subscribe(channel: Channel, handlers: ChannelHandlers): () => void;
  /** Listens to connection-state changes (for useSyncExternalStore); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  getState(): ConnectionState;
  /** Sends a client event; false when not connected (the caller tells the user). */
  publish<T extends string, S extends z.ZodType>(channel: Channel, spec: ClientEventSpec<T, S>, data: z.input<S>, ref?: string): boolean;
  /** Sets a latest-wins value; superseded values are never sent. */
  setEphemeral(channel: Channel, key: string, data: unknown): void;
  /** The server's clock now, by the best estimate so far. */
  serverNow(): number;
  /** The id the server gave this tab's current socket (peers address signals to it); null while not connected. */
  getConnectionId(): string | null;
  getClock(): ClockEstimate;
  /** Drops the connection and makes a new one at once (after sign-in, so the server sees the new session). */
  reconnect(): void;
  close(): void;
}

interface ChannelEntry {
  handlers: Set<ChannelHandlers>;
  /** Last sequence applied; null until the first snapshot. */
  lastSeq: number | null;
  early: Map<number, ServerEvent>;
  gapTimer: ReturnType<typeof setTimeout> | null;
}

const OPEN = 1;
/** Latest-wins values wait while this much is still queued in the socket. */
const ephemeralBackpressureBytes = 16 * 1024;
const maxClockSamples = 8;

export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 15_000;
  const gapWaitMs = options.gapWaitMs ?? 1000;
  const clockSamples = options.clockSamples ?? 5;
  const pingIntervalMs = options.pingIntervalMs ?? 25_000;
  const pongTimeoutMs = options.pongTimeoutMs ?? 10_000;

  let state: ConnectionState = 'connecting';
  const stateListeners = new Set<() => void>();
  const channels = new Map<Channel, ChannelEntry>();
  let socket: SocketLike | null = null;
  let started = false;
  let closed = false;
  let failures = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setTimeout> | null = null;
  let pongDeadline: ReturnType<typeof setTimeout> | null = null;
  /** clientTime of pings awaiting their pong. */
  const outstandingPings = new Set<number>();
  let samplesThisConnection = 0;
  let samples: { offset: number; rtt: number }[] = [];
  let clock: ClockEstimate = { offsetMs: 0, roundTripMs: Infinity };
  const outbox = new Map<string, { channel: Channel; key: string; data: unknown }>();
  let ephemeralTimer: ReturnType<typeof setTimeout> | null = null;
  let lastEphemeralFlush = -Infinity;
  let stopNetwork: (() => void) | null = null;
  let connectionId: string | null = null;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener();
  };

  const send = (message: ClientMessage): boolean => {
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const sendSubscribe = (channel: Channel, entry: ChannelEntry) =>
    send({ op: 'subscribe', channel, ...(entry.lastSeq === null ? {} : { lastSeq: entry.lastSeq }) });

  // ---------- connection ----------

  function start() {
    if (started || closed) return;
    started = true;
    stopNetwork =
      options.network?.subscribe(() => {
        if (closed) return;
        if (!options.network!.isOnline()) {
          // Do not wait for the socket to time out: the browser already knows.
          if (socket) dropSocket();
          setState('offline');
        } else if (!socket) {
          failures = 0;
          connectNow();
        }
      }) ?? null;
    connectNow();
  }

  function connectNow() {
    if (closed) return;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (options.network && !options.network.isOnline()) return setState('offline');
    if (state === 'offline') setState('reconnecting');
    const s = options.createSocket(options.url);
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      failures = 0;
      setState('open');
      for (const [channel, entry] of channels) sendSubscribe(channel, entry);
      samplesThisConnection = 0;
      ping();
      flushEphemeral();
    };
    s.onmessage = (event) => {
      if (socket === s && typeof event.data === 'string') receive(event.data);
    };
    s.onerror = () => undefined;
    s.onclose = () => {
      if (socket !== s) return;
      dropSocket();
      scheduleReconnect();
    };
  }

  /** Forgets the current socket (closing it if needed) and everything tied to it. */
  function dropSocket() {
    const s = socket;
    socket = null;
    connectionId = null;
    if (pingTimer) clearTimeout(pingTimer);
    if (pongDeadline) clearTimeout(pongDeadline);
    pingTimer = pongDeadline = null;
    outstandingPings.clear();
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      if (s.readyState <= OPEN) s.close();
    }
  }

  function scheduleReconnect() {
    if (closed) return;
    if (options.network && !options.network.isOnline()) return setState('offline');
    setState('reconnecting');
    // Full jitter: a server restart does not bring every tab back in the same millisecond.
    const delay = random() * Math.min(maxBackoff, minBackoff * 2 ** failures);
    failures += 1;
    reconnectTimer = setTimeout(connectNow, delay);
  }

  // ---------- clock ----------

  function ping() {
    const clientTime = now();
    if (!send({ op: 'ping', clientTime })) return;
    outstandingPings.add(clientTime);
    if (pongDeadline) clearTimeout(pongDeadline);
    pongDeadline = setTimeout(() => {
      // A silent connection (a sleeping laptop, a dead NAT entry) is replaced rather than trusted.
      dropSocket();
      scheduleReconnect();
    }, pongTimeoutMs);
  }

  function onPong(clientTime: number, serverTime: number) {
    if (!outstandingPings.delete(clientTime)) return;
    if (pongDeadline) clearTimeout(pongDeadline);
    pongDeadline = null;
    const received = now();
    // The server read its clock somewhere in the round trip; the middle is the best guess, and the
    // shortest round trip bounds the error most tightly.
    samples.push({ offset: serverTime - (clientTime + received) / 2, rtt: received - clientTime });
    if (samples.length > maxClockSamples) samples = samples.slice(-maxClockSamples);
    const best = samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    clock = { offsetMs: best.offset, roundTripMs: best.rtt };
    samplesThisConnection += 1;
    if (samplesThisConnection < clockSamples) ping();
    else {
      if (pingTimer) clearTimeout(pingTimer);
      pingTimer = setTimeout(ping, pingIntervalMs);
    }
  }

  // ---------- messages ----------

  function receive(text: string) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.op) {
      case 'pong':
        return onPong(message.clientTime, message.serverTime);
      case 'event':
        return onEvent(message);
      case 'snapshot': {
        const entry = channels.get(message.channel);
        if (!entry) return;
        clearGap(entry);
        entry.lastSeq = message.seq;
        for (const seq of [...entry.early.keys()]) if (seq <= message.seq) entry.early.delete(seq);
        for (const h of [...entry.handlers]) h.snapshot?.(message.state, message);
        return drain(message.channel, entry);
      }
      case 'ephemeral': {
        const entry = channels.get(message.channel);
        if (entry) for (const h of [...entry.handlers]) h.ephemeral?.(message);
        return;
      }
      case 'hello':
        connectionId = message.connectionId;
        return;
      case 'direct': {
        const entry = channels.get(message.channel);
        if (entry) for (const h of [...entry.handlers]) h.direct?.(message);
        return;
      }
      case 'error': {
        const entry = message.channel ? channels.get(message.channel) : undefined;
        if (entry) for (const h of [...entry.handlers]) h.error?.(message);
        else options.onError?.(message);
        return;
      }
    }
  }

  function onEvent(event: ServerEvent) {
    const entry = channels.get(event.channel);
    if (!entry) return;
    if (entry.lastSeq !== null && event.seq <= entry.lastSeq) return;
    if (entry.lastSeq === null || event.seq > entry.lastSeq + 1) {
      entry.early.set(event.seq, event);
      if (!entry.gapTimer) {
        entry.gapTimer = setTimeout(() => {
          entry.gapTimer = null;
          // Still missing: a snapshot sets things straight.
          if (channels.get(event.channel) === entry && entry.early.size) send({ op: 'subscribe', channel: event.channel });
        }, gapWaitMs);
      }
      return;
    }
    apply(entry, event);
    drain(event.channel, entry);
  }

  function apply(entry: ChannelEntry, event: ServerEvent) {
    entry.lastSeq = event.seq;
    for (const h of [...entry.handlers]) h.event?.(event);
  }

  function drain(_channel: Channel, entry: ChannelEntry) {
    if (entry.lastSeq === null) return;
    for (let next = entry.early.get(entry.lastSeq + 1); next; next = entry.early.get(entry.lastSeq + 1)) {
      entry.early.delete(next.seq);
      apply(entry, next);
    }
    if (entry.early.size === 0) clearGap(entry);
  }

  function clearGap(entry: ChannelEntry) {
    if (entry.gapTimer) clearTimeout(entry.gapTimer);
    entry.gapTimer = null;
  }

  // ---------- latest-wins values ----------

  function flushEphemeral() {
    ephemeralTimer = null;
    if (!outbox.size || !socket || socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > ephemeralBackpressureBytes) {
      ephemeralTimer = setTimeout(flushEphemeral, ephemeralIntervalMs);
      return;
    }
    lastEphemeralFlush = now();
    for (const { channel, key, data } of outbox.values()) send({ op: 'ephemeral', channel, key, data: data as never });
    outbox.clear();
  }

  // ---------- the public face ----------

  function subscribeChannel(channel: Channel, handlers: ChannelHandlers): () => void {
    let entry = channels.get(channel);
    if (!entry) {
      entry = { handlers: new Set(), lastSeq: null, early: new Map(), gapTimer: null };
      channels.set(channel, entry);
      entry.handlers.add(handlers);
      sendSubscribe(channel, entry);
    } else {
      entry.handlers.add(handlers);
      // The newcomer missed the state the others hold: a fresh snapshot for all (snapshots replace, so the others do not mind).
      if (entry.lastSeq !== null) send({ op: 'subscribe', channel });
    }
    start();
    const joined = entry;
    return () => {
      if (!joined.handlers.delete(handlers) || joined.handlers.size > 0 || channels.get(channel) !== joined) return;
      channels.delete(channel);
      clearGap(joined);
      send({ op: 'unsubscribe', channel });
    };
  }

  function subscribe(channel: Channel, handlers: ChannelHandlers): () => void;
  function subscribe(listener: () => void): () => void;
  function subscribe(channelOrListener: Channel | (() => void), handlers?: ChannelHandlers): () => void {
    if (typeof channelOrListener === 'function') {
      const listener = channelOrListener;
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    }
    return subscribeChannel(channelOrListener, handlers ?? {});
  }

  return {
    subscribe,
    getState: () => state,
    publish(channel, spec, data, ref) {
      // A malformed event is a bug here, not something to send and have refused.
      const parsed = spec.data.parse(data);
      return send({ op: 'publish', channel, type: spec.type, data: parsed as never, ...(ref ? { ref } : {}) });
    },
    setEphemeral(channel, key, data) {
      outbox.set(`${channel}\u0000${key}`, { channel, key, data });
      if (ephemeralTimer) return;
      ephemeralTimer = setTimeout(flushEphemeral, Math.max(0, lastEphemeralFlush + ephemeralIntervalMs - now()));
    },
    serverNow: () => now() + clock.offsetMs,
    getConnectionId: () => connectionId,
    getClock: () => clock,
    reconnect() {
      if (closed || !started) return;
      dropSocket();
      failures = 0;
      setState('reconnecting');
      connectNow();
    },
    close() {
      closed = true;
      dropSocket();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (ephemeralTimer) clearTimeout(ephemeralTimer);
      for (const entry of channels.values()) clearGap(entry);
      stopNetwork?.();
      setState('offline');
    },
  };
}

let shared: RealtimeClient | null = null;

/** The tab's one realtime client, made on first use (it connects when the first channel is joined). */
export function getRealtime(): RealtimeClient {
  shared ??= createRealtimeClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${realtimePath}`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    network: {
      isOnline: () => navigator.onLine,
      subscribe(onChange) {
        window.addEventListener('online', onChange);
        window.addEventListener('offline', onChange);
        return () => {
          window.removeEventListener('online', onChange);
          window.removeEventListener('offline', onChange);
        };
      },
    },
  });
  return shared;
}
