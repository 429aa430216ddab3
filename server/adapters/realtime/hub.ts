// The realtime hub: channels, per-channel sequence numbers, catch-up, snapshots and latest-wins
// values, for sockets of this instance. It knows nothing of the shop (domain code registers who may
// do what and what a snapshot holds) and nothing of `ws` (a socket is a Peer).
//
// Every event goes through the database log (log.ts), which numbers it for all instances. Events
// reach this instance from its own publishes and, on PostgreSQL, from NOTIFY; either way `ingest`
// releases them to subscribers strictly in sequence order, waiting briefly for a missing number and
// then reading it from the log.
import crypto from 'node:crypto';
import {
  channelKindOf,
  isChannel,
  type Channel,
  type ChannelKind,
  type ClientEventSpec,
  type ClientMessage,
  type ServerMessage,
} from '../../../common/realtime';
import type { ErrorCode } from '../../../common/errors';
import type { SessionInfo } from '../../domain/accounts';
import { DomainError } from '../../domain/errors';
import type { ChannelAction, ChannelAuthorizer, ChannelRequest, ClientEventHandler, DirectMessenger, Publisher, SnapshotProvider } from '../../domain/realtime';
import type { z } from 'zod';
import type { SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import type { EventLog, NotifyPayload, StoredEvent } from './log';

/** One client socket, as the hub sees it. */
export interface Peer {
  /** One text message: a string, or its UTF-8 bytes (a broadcast encodes once for every subscriber). */
  send(text: string | Buffer): void;
  /** Bytes queued in the socket and not yet sent: how far behind this client is. */
  readonly bufferedAmount: number;
  /** Ends the connection at once; the client reconnects and catches up from its last sequence. */
  terminate(): void;
}

export interface HubOptions {
  /** Catch-up replays at most this many events… */
  replayEvents?: number;
  /** …none older than this; a longer gap gets a snapshot. */
  replayMs?: number;
  ephemeralIntervalMs?: number;
  /** How long a missing sequence number is awaited (NOTIFY arrives in commit order, publish results may not) before it is read from the log. */
  gapWaitMs?: number;
  /** A socket with more than this queued gets no latest-wins values until it drains. */
  slowSocketBytes?: number;
  /** A socket with more than this queued is dropped rather than buffered without end. */
  maxBufferedBytes?: number;
  maxSubscriptionsPerConnection?: number;
  maxEphemeralKeysPerChannel?: number;
  log?: (msg: string) => void;
  now?: () => number;
}

export interface HubTransport {
  /** Identifies this instance in NOTIFY payloads, to skip its own echo. */
  instanceId: string;
  /** Tells the other instances about a latest-wins value (PostgreSQL); absent with in-process fan-out. */
  broadcastEphemeral?: (payload: Extract<NotifyPayload, { k: 'x' }>) => void;
  mode: 'hub' | 'hub+pg-notify';
  close?: () => Promise<void>;
}

interface Wire {
  seq: number;
  serverTime: number;
  text: string;
}

interface Subscription {
  /** False while catch-up is being sent; live events wait in `queue` meanwhile. */
  ready: boolean;
  sentSeq: number;
  queue: Wire[];
  /** Version of each latest-wins value last sent (or skipped as stale). */
  ephemeralSent: Map<string, number>;
}

interface EphemeralValue {
  version: number;
  text: string;
  /** The socket that set it, which need not hear it back. */
  origin: HubConnection | null;
}

interface ChannelState {
  subscribers: Map<HubConnection, Subscription>;
  /** Last sequence number released in order; null until known. */
  head: number | null;
  /** Recent events, contiguous and ending at head: catch-up without a database read. */
  buffer: Wire[];
  /** Events that arrived ahead of a missing number. */
  early: Map<number, Wire>;
  gapTimer: NodeJS.Timeout | null;
  gapAttempts: number;
  /** The highest number known to exist (an event announced by reference), so a failed read is retried. */
  wanted: number;
  ephemeral: Map<string, EphemeralValue>;
  lastActive: number;
}

const defaultAuthorizers: Record<ChannelKind, ChannelAuthorizer> = {
  // Shows are public to watch; publishing into them needs a rule from the live-shows feature.
  show: (_session, _channel, request) => request.action === 'subscribe',
  // Rooms are private until the co-shopping feature registers who belongs to one.
  room: () => false,
};

interface RegisteredEvent {
  spec: ClientEventSpec;
  handle: ClientEventHandler<unknown>;
  requires: Extract<ChannelAction, 'subscribe' | 'publish'>;
}

export interface ClientEventOptions {
  /**
   * What the sender must be allowed in the channel. 'publish' (the default) asks the channel's
   * authorizer about this event type; 'subscribe' admits everyone who may watch the channel and
   * leaves finer rules to the handler (the local stage: any viewer may join, the handler checks the host).
   */
  requires?: 'subscribe' | 'publish';
}

export class Hub implements Publisher, DirectMessenger {
  readonly mode: HubTransport['mode'];
  private readonly channels = new Map<Channel, ChannelState>();
  private readonly connections = new Set<HubConnection>();
  private readonly connectionsById = new Map<string, HubConnection>();
  private readonly disconnectListeners = new Set<(connectionId: string) => void>();
  /** Per channel kind: told of every event this instance releases, its own and other instances' alike. */
  private readonly eventListeners = new Map<ChannelKind, ((channel: Channel, type: string, data: unknown) => void)[]>();
  private readonly authorizers = new Map<ChannelKind, ChannelAuthorizer>(Object.entries(defaultAuthorizers) as [ChannelKind, ChannelAuthorizer][]);
  private readonly snapshots = new Map<ChannelKind, SnapshotProvider>();
  private readonly clientEvents = new Map<string, RegisteredEvent>();
  /** Schemas of latest-wins values, by `${kind}:${key}`; values under other keys pass as they are. */
  private readonly ephemeralSchemas = new Map<string, z.ZodType>();
  private readonly dirty = new Set<ChannelState>();
  /** Latest-wins values waiting to go to the other instances. */
  private readonly outgoing = new Map<string, Extract<NotifyPayload, { k: 'x' }>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private ephemeralVersion = 0;
  private readonly sweepTimer: NodeJS.Timeout;
  private closed = false;

  readonly replayEvents: number;
  readonly replayMs: number;
  private readonly ephemeralIntervalMs: number;
  private readonly gapWaitMs: number;
  private readonly slowSocketBytes: number;
  /** @internal */ readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  private readonly maxEphemeralKeys: number;
  /** @internal */ readonly logMessage: (msg: string) => void;
  readonly now: () => number;

  constructor(
    private readonly log: EventLog,
    private readonly transport: HubTransport,
    options: HubOptions = {},
  ) {
    this.mode = transport.mode;
    this.replayEvents = options.replayEvents ?? 500;
    this.replayMs = options.replayMs ?? 120_000;
    this.ephemeralIntervalMs = options.ephemeralIntervalMs ?? 66;
    this.gapWaitMs = options.gapWaitMs ?? 250;
    this.slowSocketBytes = options.slowSocketBytes ?? 64 * 1024;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.maxSubscriptions = options.maxSubscriptionsPerConnection ?? 32;
    this.maxEphemeralKeys = options.maxEphemeralKeysPerChannel ?? 256;
    this.logMessage = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(30_000, this.replayMs));
    this.sweepTimer.unref();
  }

  // ---------- registries (filled by services.ts for each feature) ----------

  /** Who may subscribe to, publish into or set latest-wins values in channels of one kind. */
  setAuthorizer(kind: ChannelKind, authorize: ChannelAuthorizer): void {
    this.authorizers.set(kind, authorize);
  }

  /** The current rule of a channel kind, so a feature can add its case and hand the rest on. */
  authorizerOf(kind: ChannelKind): ChannelAuthorizer {
    return this.authorizers.get(kind) ?? (() => false);
  }

  /** Latest-wins values under `key` in channels of this kind must match `schema`; others are refused with VALIDATION_FAILED. */
  acceptEphemeral(kind: ChannelKind, key: string, schema: z.ZodType): void {
    this.ephemeralSchemas.set(`${kind}:${key}`, schema);
  }

  /** @internal An error message for a value its schema refuses, null when it may go out. */
  checkEphemeral(channel: Channel, key: string, data: unknown): string | null {
    const kind = channelKindOf(channel);
    // A registration `prefix:*` covers every key of that prefix (a room's per-member keys, `look3d:<member>`).
    const schema = this.ephemeralSchemas.get(`${kind}:${key}`) ?? (key.includes(':') ? this.ephemeralSchemas.get(`${kind}:${key.slice(0, key.indexOf(':'))}:*`) : undefined);
    if (!schema) return null;
    const parsed = schema.safeParse(data);
    return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
  }

  /** What a new subscriber of a channel of this kind receives; the default is an empty object. */
  setSnapshotProvider(kind: ChannelKind, snapshot: SnapshotProvider): void {
    this.snapshots.set(kind, snapshot);
  }

  /** Accepts one client-originated event type; every other type is refused. */
  handleClientEvent<T extends string, S extends z.ZodType>(spec: ClientEventSpec<T, S>, handle: ClientEventHandler<z.output<S>>, options: ClientEventOptions = {}): void {
    if (this.clientEvents.has(spec.type)) throw new Error(`client event ${spec.type} is registered twice`);
    this.clientEvents.set(spec.type, { spec, handle: handle as ClientEventHandler<unknown>, requires: options.requires ?? 'publish' });
  }

  // ---------- messages to one connection (the DirectMessenger port) ----------

  sendDirect(connectionId: string, channel: Channel, type: string, data: unknown): boolean {
    const conn = this.connectionsById.get(connectionId);
    if (!conn) return false;
    conn.sendReliable(JSON.stringify({ op: 'direct', channel, type, data, serverTime: this.now() } satisfies ServerMessage));
    return true;
  }

  onDisconnect(listener: (connectionId: string) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /**
   * Calls back for each event of a channel kind as it is released here, in order, after its
   * subscribers got it: events from other instances included, so a feature can react on every
   * instance (a room's removal ends the removed member's subscription wherever its socket is).
   */
  onChannelEvent(kind: ChannelKind, listener: (channel: Channel, type: string, data: unknown) => void): void {
    this.eventListeners.set(kind, [...(this.eventListeners.get(kind) ?? []), listener]);
  }

  /** Asks the channel's authorizer again about every subscriber here; those it now refuses lose the subscription. */
  async recheck(channel: Channel, code: ErrorCode, message: string): Promise<number> {
    const state = this.channels.get(channel);
    if (!state) return 0;
    let count = 0;
    for (const conn of [...state.subscribers.keys()]) {
      if (await this.authorize(conn.session, channel, { action: 'subscribe' })) continue;
      if (!conn.subscriptions.has(channel)) continue;
      this.unsubscribe(conn, channel);
      conn.sendError(code, message, channel);
      count += 1;
    }
    return count;
  }

  /**
   * Takes a channel away from this instance's connections whose session matches (a member removed
   * from a room, everyone when it closes): their subscription ends at once and their cached
   * permissions to set values are forgotten. Each is told why with an error; returns how many.
   */
  revoke(channel: Channel, matches: (session: SessionInfo | null) => boolean, code: ErrorCode, message: string): number {
    let count = 0;
    for (const conn of this.connections) {
      if (!matches(conn.session)) continue;
      const subscribed = conn.subscriptions.has(channel);
      conn.ephemeralGrants.forEach((_, k) => k.startsWith(`${channel}\u0000`) && conn.ephemeralGrants.delete(k));
      if (!subscribed) continue;
      this.unsubscribe(conn, channel);
      conn.sendError(code, message, channel);
      count += 1;
    }
    return count;
  }

  // ---------- publishing (the domain's Publisher port) ----------

  async publish(channel: Channel, type: string, data: unknown): Promise<{ seq: number; serverTime: number }> {
    if (!isChannel(channel)) throw new Error(`not a channel: ${String(channel)}`);
    const stored = await this.log.append(channel, type, data);
    this.ingest(channel, toWire(stored));
    return { seq: stored.seq, serverTime: stored.serverTime };
  }

  async publishInTransaction(tx: Executor, channel: Channel, type: string, data: unknown, alongside: SQL[] = []): Promise<{ seq: number; release(): void }> {
    if (!isChannel(channel)) throw new Error(`not a channel: ${String(channel)}`);
    const stored = await this.log.append(channel, type, data, tx, alongside);
    // Serialised now, while the caller still waits for its commit: release() only sends.
    const wire = toWire(stored);
    return { seq: stored.seq, release: () => this.ingest(channel, wire) };
  }

  publishEphemeral(channel: Channel, key: string, data: unknown): void {
    if (!isChannel(channel)) throw new Error(`not a channel: ${String(channel)}`);
    this.setEphemeral(channel, key, data, null, this.now(), true);
  }

  // ---------- other instances ----------

  /** A NOTIFY payload from the database: an event or a latest-wins value from another instance. */
  receiveNotification(payload: string): void {
    let p: NotifyPayload;
    try {
      p = JSON.parse(payload) as NotifyPayload;
    } catch {
      return;
    }
    if (!p || p.i === this.transport.instanceId || !isChannel(p.c)) return;
    const state = this.channels.get(p.c);
    if (!state) return;
    if (p.k === 'x') {
      if (typeof p.key === 'string' && typeof p.t === 'number') this.setEphemeral(p.c, p.key, p.d, null, p.t, false);
      return;
    }
    if (p.k !== 'e' || !Number.isSafeInteger(p.s)) return;
    if (p.y === undefined || p.t === undefined) {
      // Too big for NOTIFY: read it, in order with the rest, through the gap path.
      if (state.head === null) state.head = p.s - 1;
      if (p.s > state.head) void this.fillFromLog(p.c, state, p.s);
      return;
    }
    this.ingest(p.c, toWire({ channel: p.c, seq: p.s, serverTime: p.t, type: p.y, data: p.d }));
  }

  /** After the LISTEN connection was lost: read whatever was published meanwhile. */
  async resync(): Promise<void> {
    for (const [channel, state] of this.channels) {
      if (state.head === null) continue;
      try {
        const head = await this.log.head(channel);
        if (head > state.head) await this.fillFromLog(channel, state, head);
      } catch (error) {
        this.logMessage(`realtime: resync of ${channel} failed: ${String(error)}`);
      }
    }
  }

  // ---------- sockets ----------

  connect(peer: Peer, session: SessionInfo | null, browserId: string | null = null): HubConnection {
    const conn = new HubConnection(this, peer, session, browserId);
    this.connections.add(conn);
    this.connectionsById.set(conn.id, conn);
    return conn;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** @internal */ disconnect(conn: HubConnection): void {
    this.connections.delete(conn);
    this.connectionsById.delete(conn.id);
    for (const channel of conn.subscriptions) this.unsubscribe(conn, channel);
    for (const listener of [...this.disconnectListeners]) {
      try {
        listener(conn.id);
      } catch (error) {
        this.logMessage(`realtime: a disconnect listener failed: ${String(error)}`);
      }
    }
  }

  /** @internal */ async authorize(session: SessionInfo | null, channel: Channel, request: ChannelRequest): Promise<boolean> {
    const authorize = this.authorizers.get(channelKindOf(channel));
    return authorize ? Boolean(await authorize(session, channel, request)) : false;
  }

  /** @internal Sends what the subscriber missed (or a snapshot), then live events in order. */
  async subscribe(conn: HubConnection, channel: Channel, lastSeq: number | undefined): Promise<void> {
    const state = this.stateOf(channel);
    const sub: Subscription = { ready: false, sentSeq: 0, queue: [], ephemeralSent: new Map() };
    // Values set while the catch-up runs are news to this subscriber, not repeats.
    const versionAtSubscribe = this.ephemeralVersion;
    // A second subscribe to the same channel starts over (the client asks for a snapshot this way).
    state.subscribers.set(conn, sub);
    conn.subscriptions.add(channel);
    let sent: number;
    try {
      sent = await this.catchUp(conn, channel, state, lastSeq);
    } catch (error) {
      if (state.subscribers.get(conn) === sub) this.unsubscribe(conn, channel);
      throw error;
    }
    if (state.subscribers.get(conn) !== sub) return;
    sub.sentSeq = sent;
    sub.ready = true;
    for (const wire of sub.queue) {
      if (wire.seq <= sub.sentSeq) continue;
      sub.sentSeq = wire.seq;
      conn.sendReliable(wire.text);
    }
    sub.queue = [];
    for (const [key, value] of state.ephemeral) {
      sub.ephemeralSent.set(key, value.version);
      if (value.origin !== conn) conn.peer.send(value.version <= versionAtSubscribe ? asReplay(value.text) : value.text);
    }
  }

  /** @internal */ unsubscribe(conn: HubConnection, channel: Channel): void {
    conn.subscriptions.delete(channel);
    conn.ephemeralGrants.forEach((_, k) => k.startsWith(`${channel}\u0000`) && conn.ephemeralGrants.delete(k));
    const state = this.channels.get(channel);
    if (!state) return;
    state.subscribers.delete(conn);
    state.lastActive = this.now();
  }

  /** @internal */ async handlePublish(conn: HubConnection, message: Extract<ClientMessage, { op: 'publish' }>): Promise<void> {
    const { channel, type, ref } = message;
    const registered = this.clientEvents.get(type);
    if (!registered) return conn.sendError('BAD_REQUEST', `Unknown event type ${type}`, channel, ref);
    const request: ChannelRequest = registered.requires === 'subscribe' ? { action: 'subscribe' } : { action: 'publish', type };
    if (!(await this.authorize(conn.session, channel, request))) {
      return conn.sendError('FORBIDDEN', 'You may not publish this in this channel', channel, ref);
    }
    const parsed = registered.spec.data.safeParse(message.data);
    if (!parsed.success) return conn.sendError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; '), channel, ref);
    try {
      await registered.handle({ session: conn.session, channel, connectionId: conn.id, browserId: conn.browserId }, parsed.data);
    } catch (error) {
      if (error instanceof DomainError) return conn.sendError(error.code, error.message, channel, ref);
      throw error;
    }
  }

  /** @internal */ setEphemeral(channel: Channel, key: string, data: unknown, origin: HubConnection | null, serverTime: number, broadcast: boolean): void {
    if (broadcast && this.transport.broadcastEphemeral) {
      // Other instances hear of it at the same pace as sockets do, newest only: one NOTIFY per interval, not per mouse move.
      this.outgoing.set(`${channel}\u0000${key}`, { k: 'x', i: this.transport.instanceId, c: channel, key, t: serverTime, d: data });
      this.scheduleFlush();
    }
    // Nobody here listens: nothing to keep (ephemeral values are never stored).
    const state = this.channels.get(channel);
    if (!state) return;
    const text = JSON.stringify({ op: 'ephemeral', channel, key, data, serverTime } satisfies ServerMessage);
    // Re-inserting keeps the map in least-recently-set order, so the stalest key goes first when full.
    state.ephemeral.delete(key);
    state.ephemeral.set(key, { version: ++this.ephemeralVersion, text, origin });
    if (state.ephemeral.size > this.maxEphemeralKeys) {
      const stalest = state.ephemeral.keys().next().value!;
      state.ephemeral.delete(stalest);
      for (const sub of state.subscribers.values()) sub.ephemeralSent.delete(stalest);
    }
    this.dirty.add(state);
    this.scheduleFlush();
  }

  // ---------- internals ----------

  private stateOf(channel: Channel): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      state = { subscribers: new Map(), head: null, buffer: [], early: new Map(), gapTimer: null, gapAttempts: 0, wanted: 0, ephemeral: new Map(), lastActive: this.now() };
      this.channels.set(channel, state);
    }
    return state;
  }

  /** Sends the events after lastSeq, or a snapshot; returns the sequence number the subscriber is now at. */
  private async catchUp(conn: HubConnection, channel: Channel, state: ChannelState, lastSeq: number | undefined): Promise<number> {
    const oldest = this.now() - this.replayMs;
    // From memory when the buffer covers the gap: a reconnect to the same instance costs no query.
    if (lastSeq !== undefined && state.head !== null && lastSeq <= state.head) {
      const start = state.buffer[0]?.seq ?? state.head + 1;
      if (lastSeq >= start - 1) {
        const missed = state.buffer.slice(lastSeq - start + 1);
        if (missed.length === 0 || (missed.length <= this.replayEvents && missed[0]!.serverTime >= oldest)) {
          for (const wire of missed) conn.sendReliable(wire.text);
          return state.head;
        }
      }
    }
    const head = await this.log.head(channel);
    if (state.head === null) state.head = head;
    if (lastSeq !== undefined && lastSeq <= head) {
      const count = head - lastSeq;
      if (count === 0) return head;
      if (count <= this.replayEvents) {
        const events = await this.log.range(channel, lastSeq, head, count);
        if (events.length === count && events[0]!.seq === lastSeq + 1 && events[0]!.serverTime >= oldest) {
          for (const event of events) conn.sendReliable(toWire(event).text);
          return head;
        }
      }
    }
    // First subscribe, a gap too old or too long, or a sequence this database never issued.
    const provider = this.snapshots.get(channelKindOf(channel));
    const snapshot = provider ? await provider(channel) : {};
    conn.sendReliable(JSON.stringify({ op: 'snapshot', channel, seq: head, serverTime: this.now(), state: snapshot ?? null } satisfies ServerMessage));
    return head;
  }

  private ingest(channel: Channel, wire: Wire): void {
    const state = this.channels.get(channel);
    if (!state) return;
    if (state.head === null) state.head = wire.seq - 1;
    if (wire.seq <= state.head) return;
    if (wire.seq > state.head + 1) {
      state.early.set(wire.seq, wire);
      this.armGap(channel, state);
      return;
    }
    this.release(state, wire);
    this.tellListeners(channel, wire);
    for (let next = state.early.get(state.head + 1); next; next = state.early.get(state.head + 1)) {
      state.early.delete(next.seq);
      this.release(state, next);
      this.tellListeners(channel, next);
    }
    if (state.early.size === 0 && state.head >= state.wanted && state.gapTimer) {
      clearTimeout(state.gapTimer);
      state.gapTimer = null;
    }
    if (state.early.size === 0) state.gapAttempts = 0;
  }

  private tellListeners(channel: Channel, wire: Wire): void {
    const listeners = this.eventListeners.get(channelKindOf(channel));
    if (!listeners) return;
    const event = JSON.parse(wire.text) as Extract<ServerMessage, { op: 'event' }>;
    for (const listener of listeners) {
      try {
        listener(channel, event.type, event.data);
      } catch (error) {
        this.logMessage(`realtime: an event listener failed: ${String(error)}`);
      }
    }
  }

  private release(state: ChannelState, wire: Wire): void {
    state.head = wire.seq;
    state.lastActive = this.now();
    state.buffer.push(wire);
    const oldest = this.now() - this.replayMs;
    while (state.buffer.length > this.replayEvents || (state.buffer.length > 0 && state.buffer[0]!.serverTime < oldest)) state.buffer.shift();
    // Encoded once: a thousand viewers would otherwise cost a thousand copies of the same bytes.
    let bytes: Buffer | null = null;
    for (const [conn, sub] of state.subscribers) {
      if (!sub.ready) sub.queue.push(wire);
      else if (wire.seq > sub.sentSeq) {
        sub.sentSeq = wire.seq;
        conn.sendReliable((bytes ??= Buffer.from(wire.text)));
      }
    }
  }

  /** Waits briefly for missing numbers (they are usually in flight), then reads them from the log. */
  private armGap(channel: Channel, state: ChannelState): void {
    if (state.gapTimer) return;
    // Backs off while the log itself is unreachable.
    const wait = this.gapWaitMs * 2 ** Math.min(state.gapAttempts, 5);
    state.gapTimer = setTimeout(() => {
      state.gapTimer = null;
      if (this.channels.get(channel) !== state || state.head === null) return;
      const upTo = Math.max(state.wanted, state.early.size ? Math.min(...state.early.keys()) - 1 : 0);
      if (upTo <= state.head) return;
      state.gapAttempts += 1;
      void this.fillFromLog(channel, state, upTo);
    }, wait);
    state.gapTimer.unref();
  }

  /** Reads (head, upTo] from the log and releases it; a gap the log cannot fill ends in a snapshot for everyone. */
  private async fillFromLog(channel: Channel, state: ChannelState, upTo: number): Promise<void> {
    const from = state.head;
    if (from === null || upTo <= from) return;
    state.wanted = Math.max(state.wanted, upTo);
    let events: StoredEvent[];
    try {
      const count = upTo - from;
      events = count <= this.replayEvents ? await this.log.range(channel, from, upTo, count) : [];
    } catch (error) {
      this.logMessage(`realtime: reading ${channel} from the log failed: ${String(error)}`);
      if (!this.closed) this.armGap(channel, state);
      return;
    }
    for (const event of events) this.ingest(channel, toWire(event));
    if (this.channels.get(channel) !== state || state.head === null || state.head >= upTo) return;
    // Not in the log any more (pruned, or too many to replay): start this channel's subscribers over.
    this.logMessage(`realtime: ${channel} skipped from ${state.head} to ${upTo}; sending snapshots`);
    state.head = upTo;
    state.buffer = [];
    const next = state.early.get(upTo + 1);
    if (next) {
      state.early.delete(next.seq);
      this.ingest(channel, next);
    }
    for (const conn of [...state.subscribers.keys()]) conn.resubscribe(channel);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    const wait = Math.max(0, this.lastFlush + this.ephemeralIntervalMs - this.now());
    this.flushTimer = setTimeout(() => this.flushEphemeral(), wait);
    this.flushTimer.unref();
  }

  /** Sends each subscriber the latest values it has not seen; a slow socket skips to whatever is latest when it drains. */
  private flushEphemeral(): void {
    this.flushTimer = null;
    this.lastFlush = this.now();
    for (const payload of this.outgoing.values()) this.transport.broadcastEphemeral?.(payload);
    this.outgoing.clear();
    for (const state of this.dirty) {
      let someoneBehind = false;
      for (const [conn, sub] of state.subscribers) {
        if (!sub.ready) continue;
        const slow = conn.peer.bufferedAmount > this.slowSocketBytes;
        for (const [key, value] of state.ephemeral) {
          if ((sub.ephemeralSent.get(key) ?? 0) >= value.version) continue;
          if (slow) {
            someoneBehind = true;
            break;
          }
          sub.ephemeralSent.set(key, value.version);
          if (value.origin !== conn) conn.peer.send(value.text);
        }
      }
      if (!someoneBehind) this.dirty.delete(state);
    }
    if (this.dirty.size) this.scheduleFlush();
  }

  /** Forgets channels nobody here has listened to for a replay window. */
  private sweep(): void {
    const idleSince = this.now() - this.replayMs;
    for (const [channel, state] of this.channels) {
      if (state.subscribers.size === 0 && state.lastActive < idleSince) {
        if (state.gapTimer) clearTimeout(state.gapTimer);
        this.dirty.delete(state);
        this.channels.delete(channel);
      }
    }
  }

  /** Deletes events older than the replay window (with a margin) from the log. */
  pruneLog(): Promise<number> {
    return this.log.prune(this.replayMs * 5);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const state of this.channels.values()) if (state.gapTimer) clearTimeout(state.gapTimer);
    for (const conn of this.connections) conn.peer.terminate();
    this.connections.clear();
    this.connectionsById.clear();
    this.channels.clear();
    await this.transport.close?.();
  }
}

/** One socket's session with the hub: parses nothing (the gateway did), orders what needs order. */
export class HubConnection {
  /** Told to the client in `hello`; other clients address peer-to-peer signalling to it. */
  readonly id = crypto.randomUUID();
  readonly subscriptions = new Set<Channel>();
  /** Ephemeral permissions by channel and key: latest-wins values come 15 times a second, authorization once. */
  readonly ephemeralGrants = new Map<string, Promise<boolean>>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly hub: Hub,
    readonly peer: Peer,
    readonly session: SessionInfo | null,
    /** The `bid` cookie from the upgrade: chat bans and votes key on the browser as well as the account. */
    readonly browserId: string | null = null,
  ) {}

  /**
   * Handles one client message; resolves when it has been handled. Subscribe, unsubscribe and
   * publish run one after another, in the order sent; ping and latest-wins values skip the line (a
   * slow snapshot must not delay a pong).
   */
  receive(message: ClientMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    switch (message.op) {
      case 'ping':
        this.peer.send(JSON.stringify({ op: 'pong', clientTime: message.clientTime, serverTime: this.hub.now() } satisfies ServerMessage));
        return Promise.resolve();
      case 'ephemeral':
        return this.setEphemeral(message).catch((error: unknown) => this.fail(error, message.channel));
      default:
        this.chain = this.chain.then(() => this.ordered(message)).catch((error: unknown) => this.fail(error, 'channel' in message ? message.channel : undefined));
        return this.chain;
    }
  }

  private async ordered(message: Exclude<ClientMessage, { op: 'ping' | 'ephemeral' }>): Promise<void> {
    if (this.closed) return;
    switch (message.op) {
      case 'subscribe': {
        const { channel } = message;
        if (!this.subscriptions.has(channel) && this.subscriptions.size >= this.hub.maxSubscriptions) {
          return this.sendError('BAD_REQUEST', `At most ${this.hub.maxSubscriptions} channels per connection`, channel);
        }
        if (!(await this.hub.authorize(this.session, channel, { action: 'subscribe' }))) {
          return this.sendError('FORBIDDEN', 'You may not join this channel', channel);
        }
        if (this.closed) return;
        return this.hub.subscribe(this, channel, message.lastSeq);
      }
      case 'unsubscribe':
        return this.hub.unsubscribe(this, message.channel);
      case 'publish':
        return this.hub.handlePublish(this, message);
    }
  }

  private async setEphemeral(message: Extract<ClientMessage, { op: 'ephemeral' }>): Promise<void> {
    const grantKey = `${message.channel}\u0000${message.key}`;
    let grant = this.ephemeralGrants.get(grantKey);
    if (!grant) {
      grant = this.hub.authorize(this.session, message.channel, { action: 'ephemeral', key: message.key });
      if (this.ephemeralGrants.size < 256) this.ephemeralGrants.set(grantKey, grant);
    }
    if (!(await grant)) return this.sendError('FORBIDDEN', 'You may not set this value in this channel', message.channel);
    const invalid = this.hub.checkEphemeral(message.channel, message.key, message.data);
    if (invalid !== null) return this.sendError('VALIDATION_FAILED', invalid, message.channel);
    if (!this.closed) this.hub.setEphemeral(message.channel, message.key, message.data, this, this.hub.now(), true);
  }

  /** Re-runs the subscription from scratch (after a gap that the log could not fill). */
  resubscribe(channel: Channel): void {
    void this.receive({ op: 'subscribe', channel });
  }

  sendReliable(text: string | Buffer): void {
    if (this.closed) return;
    // A client this far behind is better served by reconnecting and catching up than by more buffering.
    if (this.peer.bufferedAmount > this.hub.maxBufferedBytes) {
      this.peer.terminate();
      this.close();
      return;
    }
    this.peer.send(text);
  }

  sendError(code: ErrorCode, message: string, channel?: Channel, ref?: string): void {
    if (this.closed) return;
    this.peer.send(JSON.stringify({ op: 'error', code, message, ...(channel ? { channel } : {}), ...(ref ? { ref } : {}) } satisfies ServerMessage));
  }

  private fail(error: unknown, channel: Channel | undefined): void {
    const cause = error instanceof Error && error.cause ? ` (cause: ${String(error.cause)})` : '';
    this.hub.logMessage(`realtime: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}`);
    this.sendError('INTERNAL', 'Something went wrong on the server', channel);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.disconnect(this);
  }
}

function toWire(event: StoredEvent): Wire {
  const message: ServerMessage = { op: 'event', channel: event.channel, seq: event.seq, serverTime: event.serverTime, type: event.type, data: event.data };
  return { seq: event.seq, serverTime: event.serverTime, text: JSON.stringify(message) };
}

/** A stored latest-wins message as a new subscriber gets it: the same JSON object with `replay: true` last. */
function asReplay(text: string): string {
  return `${text.slice(0, -1)},"replay":true}`;
}
