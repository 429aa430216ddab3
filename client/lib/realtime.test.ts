// The realtime client core against a scripted WebSocket and fake timers: ordering, gaps, reconnects,
// the clock estimate, latest-wins values and the connection state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineClientEvent, type Channel, type ClientMessage, type ServerMessage } from '../../common/realtime';
import { createRealtimeClient, type ConnectionState, type RealtimeClientOptions, type SocketLike } from './realtime';

class FakeSocket implements SocketLike {
  readyState = 0;
  bufferedAmount = 0;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: ClientMessage[] = [];
  closedByClient = false;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // ---- the server's side ----
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message: ServerMessage | Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  sentOf<Op extends ClientMessage['op']>(op: Op) {
    return this.sent.filter((m): m is Extract<ClientMessage, { op: Op }> => m.op === op);
  }
}

const show = 'show:s1' as Channel;
const event = (seq: number, channel: Channel = show) => ({ op: 'event', channel, seq, serverTime: 1000 + seq, type: 'tick', data: { seq } }) as const;
const snapshot = (seq: number, state: unknown = { at: seq }, channel: Channel = show) => ({ op: 'snapshot', channel, seq, serverTime: 5000, state }) as const;

let sockets: FakeSocket[];
let online: boolean;
let networkListeners: (() => void)[];

function makeClient(options: Partial<RealtimeClientOptions> = {}) {
  const client = createRealtimeClient({
    url: 'ws://shop.test/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    network: {
      isOnline: () => online,
      subscribe: (onChange) => {
        networkListeners.push(onChange);
        return () => networkListeners.splice(networkListeners.indexOf(onChange), 1);
      },
    },
    random: () => 1,
    minBackoffMs: 100,
    maxBackoffMs: 1000,
    clockSamples: 3,
    ...options,
  });
  const states: ConnectionState[] = [];
  client.subscribe(() => states.push(client.getState()));
  return { client, states };
}

/** Joins `show`, opens the socket and answers with a snapshot; returns what the handlers saw. */
function joined(client: ReturnType<typeof makeClient>['client'], at = 0) {
  const seen: { snapshots: unknown[]; seqs: number[] } = { snapshots: [], seqs: [] };
  const leave = client.subscribe(show, { snapshot: (state) => seen.snapshots.push(state), event: (e) => seen.seqs.push(e.seq) });
  const socket = sockets.at(-1)!;
  socket.open();
  socket.deliver(snapshot(at));
  return { seen, socket, leave };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  sockets = [];
  online = true;
  networkListeners = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('realtime client', () => {
  it('connects on the first subscription, joins the channel and applies its snapshot', () => {
    const { client, states } = makeClient();
    expect(sockets).toHaveLength(0);
    const { seen, socket } = joined(client, 4);
    expect(socket.url).toBe('ws://shop.test/ws');
    expect(socket.sentOf('subscribe')).toEqual([{ op: 'subscribe', channel: show }]);
    expect(seen.snapshots).toEqual([{ at: 4 }]);
    expect(states).toEqual(['open']);
  });

  it('applies events once and in sequence order, holding early ones until the gap fills', () => {
    const { client } = makeClient();
    const { seen, socket } = joined(client, 0);
    socket.deliver(event(1));
    socket.deliver(event(3));
    socket.deliver(event(4));
    expect(seen.seqs).toEqual([1]);
    socket.deliver(event(2));
    expect(seen.seqs).toEqual([1, 2, 3, 4]);
    socket.deliver(event(3));
    socket.deliver(event(1));
    expect(seen.seqs).toEqual([1, 2, 3, 4]);
    vi.advanceTimersByTime(5000);
    // The gap filled in time: no snapshot was asked for.
    expect(socket.sentOf('subscribe')).toHaveLength(1);
  });

  it('asks for a snapshot when a gap does not fill, then carries on after it', () => {
    const { client } = makeClient({ gapWaitMs: 500 });
    const { seen, socket } = joined(client, 0);
    socket.deliver(event(1));
    socket.deliver(event(3));
    socket.deliver(event(5));
    vi.advanceTimersByTime(499);
    expect(socket.sentOf('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.sentOf('subscribe').at(-1)).toEqual({ op: 'subscribe', channel: show });
    socket.deliver(snapshot(4, { at: 4 }));
    // 3 is covered by the snapshot; 5 was waiting and follows it.
    expect(seen.snapshots).toEqual([{ at: 0 }, { at: 4 }]);
    expect(seen.seqs).toEqual([1, 5]);
    socket.deliver(event(6));
    expect(seen.seqs).toEqual([1, 5, 6]);
  });

  it('reconnects with backoff and resubscribes every channel with its last sequence', () => {
    const { client, states } = makeClient();
    const { seen, socket } = joined(client, 0);
    const other = 'room:r1' as Channel;
    const roomEvents: number[] = [];
    client.subscribe(other, { event: (e) => roomEvents.push(e.seq) });
    socket.deliver(snapshot(10, {}, other));
    socket.deliver(event(1));
    socket.deliver(event(2));
    socket.deliver(event(11, other));

    socket.drop();
    expect(client.getState()).toBe('reconnecting');
    // random() = 1: the full backoff, 100 ms for the first retry.
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // It fails too: the next wait doubles.
    sockets[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = sockets[2]!;
    third.open();
    expect(third.sentOf('subscribe')).toEqual([
      { op: 'subscribe', channel: show, lastSeq: 2 },
      { op: 'subscribe', channel: other, lastSeq: 11 },
    ]);
    third.deliver(event(3));
    third.deliver(event(12, other));
    expect(seen.seqs).toEqual([1, 2, 3]);
    expect(roomEvents).toEqual([11, 12]);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('caps the backoff and spreads retries with jitter', () => {
    let r = 1;
    const { client } = makeClient({ random: () => r });
    const { socket } = joined(client);
    socket.drop();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = sockets.length;
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      waits.push(waited);
      if (i < 5) sockets.at(-1)!.drop();
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000]);
    r = 0.25;
    sockets.at(-1)!.drop();
    const before = sockets.length;
    vi.advanceTimersByTime(249);
    expect(sockets.length).toBe(before);
    vi.advanceTimersByTime(1);
    expect(sockets.length).toBe(before + 1);
  });

  it('waits while the browser is offline and connects when it comes back', () => {
    online = false;
    const { client, states } = makeClient();
    client.subscribe(show, {});
    expect(sockets).toHaveLength(0);
    expect(client.getState()).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(0);
    online = true;
    networkListeners.forEach((l) => l());
    expect(client.getState()).toBe('reconnecting');
    sockets[0]!.open();
    expect(client.getState()).toBe('open');
    // Going offline drops the socket at once rather than waiting for it to time out.
    online = false;
    networkListeners.forEach((l) => l());
    expect(sockets[0]!.closedByClient).toBe(true);
    expect(states).toEqual(['offline', 'reconnecting', 'open', 'offline']);
  });

  it('estimates the server clock from the ping with the shortest round trip', () => {
    const { client } = makeClient();
    client.subscribe(show, {});
    const socket = sockets[0]!;
    socket.open();
    const serverAhead = 5000;
    // Three pings, answered after 300, 40 and 120 ms; the server clock reads at an uneven point of each trip.
    const trips = [
      { rtt: 300, serverReadsAfter: 250 },
      { rtt: 40, serverReadsAfter: 20 },
      { rtt: 120, serverReadsAfter: 30 },
    ];
    for (const trip of trips) {
      const ping = socket.sentOf('ping').at(-1)!;
      expect(ping.clientTime).toBe(Date.now());
      vi.advanceTimersByTime(trip.rtt);
      socket.deliver({ op: 'pong', clientTime: ping.clientTime, serverTime: ping.clientTime + trip.serverReadsAfter + serverAhead });
    }
    expect(socket.sentOf('ping')).toHaveLength(3);
    // offset = serverTime - (t0 + t1) / 2 of the 40 ms sample: 5000 + 20 - 20.
    expect(client.getClock()).toEqual({ offsetMs: 5000, roundTripMs: 40 });
    expect(client.serverNow()).toBe(Date.now() + 5000);
    // A pong nobody asked for changes nothing.
    socket.deliver({ op: 'pong', clientTime: 1, serverTime: 99 });
    expect(client.getClock().offsetMs).toBe(5000);
  });

  it('keeps pinging, and replaces a connection whose pong never comes', () => {
    const { client } = makeClient({ pingIntervalMs: 1000, pongTimeoutMs: 2000, clockSamples: 1 });
    const { socket } = joined(client);
    const first = socket.sentOf('ping')[0]!;
    socket.deliver({ op: 'pong', clientTime: first.clientTime, serverTime: first.clientTime });
    vi.advanceTimersByTime(1000);
    expect(socket.sentOf('ping')).toHaveLength(2);
    vi.advanceTimersByTime(2000);
    expect(socket.closedByClient).toBe(true);
    expect(client.getState()).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
  });

  it('sends only the newest latest-wins value per key, at most every 66 ms, and waits while the socket is busy', () => {
    const { client } = makeClient();
    const { socket } = joined(client);
    const ephemerals = () => socket.sentOf('ephemeral');
    client.setEphemeral(show, 'camera', { yaw: 1 });
    vi.advanceTimersByTime(0);
    expect(ephemerals()).toEqual([{ op: 'ephemeral', channel: show, key: 'camera', data: { yaw: 1 } }]);
    for (let yaw = 2; yaw <= 9; yaw++) client.setEphemeral(show, 'camera', { yaw });
    client.setEphemeral(show, 'pointer', { x: 1 });
    vi.advanceTimersByTime(65);
    expect(ephemerals()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ephemerals().slice(1).map((m) => m.data)).toEqual([{ yaw: 9 }, { x: 1 }]);

    socket.bufferedAmount = 100_000;
    client.setEphemeral(show, 'camera', { yaw: 10 });
    client.setEphemeral(show, 'camera', { yaw: 11 });
    vi.advanceTimersByTime(500);
    expect(ephemerals()).toHaveLength(3);
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(66);
    expect(ephemerals().slice(3).map((m) => m.data)).toEqual([{ yaw: 11 }]);
  });

  it('shares one subscription among handlers, refreshes the newcomer with a snapshot and leaves with the last one', () => {
    const { client } = makeClient();
    const { seen, socket, leave } = joined(client, 3);
    const second: unknown[] = [];
    const leaveSecond = client.subscribe(show, { snapshot: (state) => second.push(state) });
    expect(socket.sentOf('subscribe')).toEqual([{ op: 'subscribe', channel: show }, { op: 'subscribe', channel: show }]);
    socket.deliver(snapshot(3, { at: 3 }));
    expect(second).toEqual([{ at: 3 }]);
    expect(seen.snapshots).toEqual([{ at: 3 }, { at: 3 }]);
    leave();
    expect(socket.sentOf('unsubscribe')).toEqual([]);
    leaveSecond();
    expect(socket.sentOf('unsubscribe')).toEqual([{ op: 'unsubscribe', channel: show }]);
    socket.deliver(event(4));
    expect(seen.seqs).toEqual([]);
  });

  it('routes errors to their channel, checks client events against their schema and refuses to send them offline', () => {
    const errors: unknown[] = [];
    const loose: unknown[] = [];
    const { client } = makeClient({ onError: (e) => loose.push(e.code) });
    client.subscribe('room:r1', { error: (e) => errors.push(e.code) });
    const socket = sockets[0]!;
    const heart = defineClientEvent('heart.tap', z.strictObject({ count: z.number().int().min(1) }));
    expect(client.publish(show, heart, { count: 1 })).toBe(false);
    socket.open();
    socket.deliver({ op: 'error', code: 'FORBIDDEN', message: 'no', channel: 'room:r1' });
    socket.deliver({ op: 'error', code: 'RATE_LIMITED', message: 'slow down' });
    socket.deliver({ op: 'error', code: 'SOMETHING_NEW', message: 'newer server' });
    expect(errors).toEqual(['FORBIDDEN']);
    expect(loose).toEqual(['RATE_LIMITED', 'INTERNAL']);
    expect(client.publish(show, heart, { count: 2 }, 'r1')).toBe(true);
    expect(socket.sentOf('publish')).toEqual([{ op: 'publish', channel: show, type: 'heart.tap', data: { count: 2 }, ref: 'r1' }]);
    expect(() => client.publish(show, heart, { count: 0 })).toThrow();
    // Garbage from the wire is ignored.
    socket.onmessage?.({ data: 'not json' });
    socket.deliver({ op: 'event', channel: show, seq: -1 });
  });

  it('reconnects at once when asked (a new session cookie) and stops for good on close', () => {
    const { client } = makeClient();
    const { socket } = joined(client, 2);
    client.reconnect();
    expect(socket.closedByClient).toBe(true);
    expect(client.getState()).toBe('reconnecting');
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.sentOf('subscribe')).toEqual([{ op: 'subscribe', channel: show, lastSeq: 2 }]);
    client.close();
    expect(sockets[1]!.closedByClient).toBe(true);
    expect(client.getState()).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
  });

  it('learns its connection id per socket and hands messages addressed to it to the channel’s handlers only', () => {
    const { client } = makeClient();
    const direct: unknown[] = [];
    const other: unknown[] = [];
    client.subscribe(show, { direct: (m) => direct.push(m.data) });
    client.subscribe('show:s2' as Channel, { direct: (m) => other.push(m.data) });
    const socket = sockets[0]!;
    socket.open();
    expect(client.getConnectionId()).toBeNull();
    socket.deliver({ op: 'hello', connectionId: 'c-1' });
    expect(client.getConnectionId()).toBe('c-1');
    socket.deliver({ op: 'direct', channel: show, type: 'stage.full', data: { maxViewers: 8 }, serverTime: 1 });
    expect(direct).toEqual([{ maxViewers: 8 }]);
    expect(other).toEqual([]);
    // A new socket is a new peer: the old id is forgotten until the server names the new one.
    socket.drop();
    expect(client.getConnectionId()).toBeNull();
  });
});
