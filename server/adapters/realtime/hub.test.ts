// The hub on a real (in-memory) PGlite log, with sockets played by recording peers. Two hubs on
// one database stand for two server instances; what PostgreSQL's NOTIFY would carry between them is
// handed over through the hub's own entry point, in whatever order a test needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineClientEvent, type Channel, type ServerMessage } from '../../../common/realtime';
import { openDatabase, type Database } from '../db';
import { DomainError } from '../../domain/errors';
import type { SessionInfo } from '../../domain/accounts';
import { Hub, type HubOptions, type Peer } from './hub';
import { createEventLog, type NotifyPayload } from './log';

class RecordingPeer implements Peer {
  received: ServerMessage[] = [];
  bufferedAmount = 0;
  terminated = false;
  send(text: string | Buffer) {
    this.received.push(JSON.parse(text.toString()) as ServerMessage);
  }
  terminate() {
    this.terminated = true;
  }
  of<Op extends ServerMessage['op']>(op: Op): Extract<ServerMessage, { op: Op }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { op: Op }> => m.op === op);
  }
  seqs(channel?: Channel): number[] {
    return this.of('event')
      .filter((e) => !channel || e.channel === channel)
      .map((e) => e.seq);
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 3000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let database: Database;
const hubs: Hub[] = [];
let channelCounter = 0;
const freshChannel = (kind: 'show' | 'room' = 'show') => `${kind}:c${++channelCounter}` as Channel;

function makeHub(options: HubOptions = {}, instanceId = `i${hubs.length}`) {
  const hub = new Hub(createEventLog(database.db, null), { instanceId, mode: 'hub' }, options);
  hubs.push(hub);
  return hub;
}

/** Subscribes a new peer and waits until its catch-up (events or snapshot) is through. */
async function subscribed(hub: Hub, channel: Channel, lastSeq?: number, session: SessionInfo | null = null) {
  const peer = new RecordingPeer();
  const conn = hub.connect(peer, session);
  await conn.receive({ op: 'subscribe', channel, ...(lastSeq === undefined ? {} : { lastSeq }) });
  return { peer, conn };
}

beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: null });
});

afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await database?.close();
});

describe('realtime hub', () => {
  it('numbers events per channel, stamps a rising server time and fans them out to subscribers only', async () => {
    const hub = makeHub();
    const a = freshChannel();
    const b = freshChannel();
    const { peer: onA } = await subscribed(hub, a);
    const { peer: onB } = await subscribed(hub, b);
    const results: { seq: number }[] = [];
    for (let i = 0; i < 3; i++) results.push(await hub.publish(a, 'pin.added', { i }));
    results.push(await hub.publish(b, 'pin.added', { i: 'b' }));
    expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 1]);
    await until(() => onA.seqs().length === 3 && onB.seqs().length === 1, 'the events');
    const events = onA.of('event');
    expect(events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(events.every((e) => e.channel === a && e.type === 'pin.added')).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.serverTime).toBeGreaterThanOrEqual(events[i - 1]!.serverTime);
    expect(Math.abs(events[0]!.serverTime - Date.now())).toBeLessThan(5000);
    expect(onB.of('event')).toMatchObject([{ channel: b, seq: 1, data: { i: 'b' } }]);
  });

  it('greets a first subscriber with a snapshot: empty by default, from the registered provider otherwise', async () => {
    const hub = makeHub();
    const show = freshChannel();
    await hub.publish(show, 'pin.added', {});
    await hub.publish(show, 'pin.added', {});
    const { peer } = await subscribed(hub, show);
    expect(peer.received).toMatchObject([{ op: 'snapshot', channel: show, seq: 2, state: {} }]);

    hub.setSnapshotProvider('show', (channel) => ({ pinned: [`${channel}-p1`] }));
    const { peer: later } = await subscribed(hub, show);
    expect(later.received).toMatchObject([{ op: 'snapshot', seq: 2, state: { pinned: [`${show}-p1`] } }]);
    expect(later.received[0]!.op === 'snapshot' && Math.abs(later.received[0]!.serverTime - Date.now())).toBeLessThan(5000);
  });

  it('replays exactly the missed events from lastSeq, from memory and from the log of another instance', async () => {
    const a = makeHub();
    const b = makeHub();
    const show = freshChannel();
    const { peer, conn } = await subscribed(a, show);
    for (let i = 1; i <= 3; i++) await a.publish(show, 'tick', { i });
    await until(() => peer.seqs().length === 3, 'the first events');
    conn.close();
    for (let i = 4; i <= 6; i++) await a.publish(show, 'tick', { i });

    const same = await subscribed(a, show, 3);
    expect(same.peer.received.map((m) => m.op)).toEqual(['event', 'event', 'event']);
    expect(same.peer.seqs()).toEqual([4, 5, 6]);
    expect(same.peer.of('event').map((e) => e.data)).toEqual([{ i: 4 }, { i: 5 }, { i: 6 }]);

    // Instance b never saw this channel: it reads the log.
    const other = await subscribed(b, show, 4);
    expect(other.peer.received.map((m) => m.op)).toEqual(['event', 'event']);
    expect(other.peer.seqs()).toEqual([5, 6]);

    // Up to date: nothing to send, and the next event follows.
    const current = await subscribed(b, show, 6);
    expect(current.peer.received).toEqual([]);
    await a.publish(show, 'tick', { i: 7 });
    // b hears of a's event the way NOTIFY would tell it.
    b.receiveNotification(JSON.stringify({ k: 'e', i: 'elsewhere', c: show, s: 7, t: Date.now(), y: 'tick', d: { i: 7 } } satisfies NotifyPayload));
    await until(() => current.peer.seqs().length === 1 && other.peer.seqs().length === 3, 'the live event on b');
    expect(current.peer.seqs()).toEqual([7]);
  });

  it('answers a gap that is too long, too old or never issued with a snapshot', async () => {
    const hub = makeHub({ replayEvents: 3, replayMs: 200 });
    const show = freshChannel();
    for (let i = 0; i < 5; i++) await hub.publish(show, 'tick', { i });
    // Five missed, three allowed.
    expect((await subscribed(hub, show, 0)).peer.received).toMatchObject([{ op: 'snapshot', seq: 5 }]);
    expect((await subscribed(makeHub({ replayEvents: 3 }), show, 0)).peer.received).toMatchObject([{ op: 'snapshot', seq: 5 }]);
    // Within the count: replayed.
    expect((await subscribed(hub, show, 3)).peer.seqs()).toEqual([4, 5]);
    // A sequence number this database never issued (a client from before a reset).
    expect((await subscribed(hub, show, 99)).peer.received).toMatchObject([{ op: 'snapshot', seq: 5 }]);
    await sleep(250);
    // Older than the replay window, in memory and in the log.
    expect((await subscribed(hub, show, 3)).peer.received).toMatchObject([{ op: 'snapshot', seq: 5 }]);
    expect((await subscribed(makeHub({ replayMs: 200 }), show, 3)).peer.received).toMatchObject([{ op: 'snapshot', seq: 5 }]);
  });

  it('releases events from other instances in sequence order, filling a gap from the log', async () => {
    const publisher = makeHub({}, 'publisher');
    const listener = makeHub({ gapWaitMs: 30 }, 'listener');
    const show = freshChannel();
    const { peer } = await subscribed(listener, show);
    const stored: { seq: number; serverTime: number; i: number }[] = [];
    for (let i = 1; i <= 6; i++) stored.push({ ...(await publisher.publish(show, 'tick', { i })), i });
    const notify = (n: number, byReference = false) => {
      const e = stored[n - 1]!;
      const payload: NotifyPayload = byReference
        ? { k: 'e', i: 'publisher', c: show, s: e.seq }
        : { k: 'e', i: 'publisher', c: show, s: e.seq, t: e.serverTime, y: 'tick', d: { i: e.i } };
      listener.receiveNotification(JSON.stringify(payload));
    };
    notify(2);
    notify(1);
    await until(() => peer.seqs().length === 2, 'events 1 and 2');
    // Its own echo is ignored, whatever it says.
    listener.receiveNotification(JSON.stringify({ k: 'e', i: 'listener', c: show, s: 3, t: 0, y: 'echo', d: null }));
    // Event 3 never arrives by NOTIFY and event 4 was too big to carry: both come from the log.
    notify(5);
    notify(4, true);
    notify(6);
    await until(() => peer.seqs().length === 6, 'events 3 to 6');
    expect(peer.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peer.of('event').map((e) => e.data)).toEqual([1, 2, 3, 4, 5, 6].map((i) => ({ i })));
    // A duplicate is dropped.
    notify(6);
    await sleep(40);
    expect(peer.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads what it missed from the log after its LISTEN connection came back', async () => {
    const publisher = makeHub({}, 'p');
    const listener = makeHub({}, 'l');
    const show = freshChannel();
    await publisher.publish(show, 'tick', { n: 1 });
    const { peer } = await subscribed(listener, show);
    // Three NOTIFYs lost while the connection was down.
    for (let n = 2; n <= 4; n++) await publisher.publish(show, 'tick', { n });
    expect(peer.seqs()).toEqual([]);
    await listener.resync();
    expect(peer.seqs()).toEqual([2, 3, 4]);
    expect(peer.of('event').map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
  });

  it('delivers events published during a catch-up after it, with no gap and no repeat', async () => {
    const hub = makeHub();
    const show = freshChannel();
    for (let i = 0; i < 5; i++) await hub.publish(show, 'tick', { i });
    const peer = new RecordingPeer();
    const conn = hub.connect(peer, null);
    const publishing = Promise.all(Array.from({ length: 20 }, (_, i) => hub.publish(show, 'tick', { i: 5 + i })));
    void conn.receive({ op: 'subscribe', channel: show, lastSeq: 2 });
    await publishing;
    await until(() => peer.seqs().at(-1) === 25, 'the last event');
    expect(peer.seqs()).toEqual(Array.from({ length: 23 }, (_, i) => i + 3));
  });

  it('coalesces latest-wins values, at most one per interval, and does not echo them to their sender', async () => {
    const hub = makeHub({ ephemeralIntervalMs: 60 });
    const show = freshChannel();
    const { peer: viewer } = await subscribed(hub, show);
    const { peer: host, conn: hostConn } = await subscribed(hub, show);
    hub.setAuthorizer('show', () => true);
    const times: number[] = [];
    const sendOrig = viewer.send.bind(viewer);
    viewer.send = (text) => {
      times.push(Date.now());
      sendOrig(text);
    };
    for (let i = 0; i < 10; i++) void hostConn.receive({ op: 'ephemeral', channel: show, key: 'camera', data: { yaw: i } });
    await until(() => viewer.of('ephemeral').at(-1)?.data !== undefined && (viewer.of('ephemeral').at(-1)!.data as { yaw: number }).yaw === 9, 'the latest value');
    await sleep(150);
    const values = viewer.of('ephemeral');
    expect(values.length).toBeLessThanOrEqual(2);
    expect(values.at(-1)).toMatchObject({ op: 'ephemeral', channel: show, key: 'camera', data: { yaw: 9 } });
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(55);
    expect(host.of('ephemeral')).toEqual([]);
    // Values are never stored: the log has no event for them.
    expect((await subscribed(makeHub(), show)).peer.received).toMatchObject([{ op: 'snapshot', seq: 0 }]);
    // A newcomer on this instance gets the current value right after its snapshot.
    const { peer: late } = await subscribed(hub, show);
    expect(late.received.map((m) => m.op)).toEqual(['snapshot', 'ephemeral']);
    // Marked as a repeat, so a client can tell "this is how things stand" from "this just happened".
    expect(late.of('ephemeral')[0]).toMatchObject({ data: { yaw: 9 }, replay: true });
    expect(values.every((v) => !('replay' in v))).toBe(true);
  });

  it('tells other instances about latest-wins values at the same pace, newest only, and applies theirs', async () => {
    const sent: NotifyPayload[] = [];
    const hub = new Hub(createEventLog(database.db, null), { instanceId: 'x1', mode: 'hub+pg-notify', broadcastEphemeral: (p) => sent.push(p) }, { ephemeralIntervalMs: 50 });
    hubs.push(hub);
    const show = freshChannel();
    // Nobody listens on this instance; the others still hear of it.
    for (let yaw = 0; yaw < 10; yaw++) hub.publishEphemeral(show, 'camera', { yaw });
    await until(() => (sent.at(-1) as { d?: { yaw: number } } | undefined)?.d?.yaw === 9, 'the newest value');
    await sleep(120);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent.at(-1)).toEqual({ k: 'x', i: 'x1', c: show, key: 'camera', t: expect.any(Number), d: { yaw: 9 } });

    const other = makeHub({ ephemeralIntervalMs: 10 }, 'x2');
    const { peer } = await subscribed(other, show);
    other.receiveNotification(JSON.stringify(sent.at(-1)));
    await until(() => peer.of('ephemeral').length === 1, 'the value on the other instance');
    expect(peer.of('ephemeral')[0]).toMatchObject({ channel: show, key: 'camera', data: { yaw: 9 }, serverTime: sent.at(-1)!.t });
  });

  it('skips a slow socket for latest-wins values and gives it only the newest once it drains', async () => {
    const hub = makeHub({ ephemeralIntervalMs: 20, slowSocketBytes: 1000 });
    const show = freshChannel();
    const { peer: fast } = await subscribed(hub, show);
    const { peer: slow } = await subscribed(hub, show);
    slow.bufferedAmount = 50_000;
    for (let i = 0; i < 5; i++) {
      hub.publishEphemeral(show, 'camera', { yaw: i });
      await sleep(30);
    }
    await until(() => fast.of('ephemeral').length === 5, 'every value on the fast socket');
    expect(slow.of('ephemeral')).toEqual([]);
    slow.bufferedAmount = 0;
    await until(() => slow.of('ephemeral').length > 0, 'the slow socket to catch up');
    await sleep(60);
    expect(slow.of('ephemeral').map((m) => m.data)).toEqual([{ yaw: 4 }]);
  });

  it('drops a socket that falls too far behind on events instead of buffering without end', async () => {
    const hub = makeHub({ maxBufferedBytes: 10_000 });
    const show = freshChannel();
    const { peer: stuck } = await subscribed(hub, show);
    const { peer: fine } = await subscribed(hub, show);
    stuck.bufferedAmount = 20_000;
    await hub.publish(show, 'tick', {});
    await until(() => fine.seqs().length === 1, 'the event');
    expect(stuck.terminated).toBe(true);
    expect(stuck.seqs()).toEqual([]);
    expect(hub.connectionCount).toBe(1);
  });

  it('lets anyone watch a show but nobody into a room, until a rule is registered', async () => {
    const hub = makeHub();
    const room = freshChannel('room');
    const show = freshChannel();
    expect((await subscribed(hub, room)).peer.received).toMatchObject([{ op: 'error', code: 'FORBIDDEN', channel: room }]);
    const { peer, conn } = await subscribed(hub, show);
    await conn.receive({ op: 'ephemeral', channel: show, key: 'camera', data: {} });
    expect(peer.of('error')[0]).toMatchObject({ code: 'FORBIDDEN', channel: show });

    const member: SessionInfo = { id: 's1', user: null, ownerKey: 'session:s1' };
    hub.setAuthorizer('room', (session, channel, request) => session?.id === 's1' && channel === room && request.action === 'subscribe');
    expect((await subscribed(hub, room, undefined, member)).peer.received).toMatchObject([{ op: 'snapshot', channel: room, seq: 0 }]);
    expect((await subscribed(hub, room, undefined, { ...member, id: 's2' })).peer.received).toMatchObject([{ op: 'error', code: 'FORBIDDEN' }]);
  });

  it('accepts only registered client events, validates their data and reports domain errors', async () => {
    const hub = makeHub();
    const show = freshChannel();
    const heart = defineClientEvent('heart.tap', z.strictObject({ count: z.number().int().min(1).max(10) }));
    const seen: { count: number; session: string | undefined }[] = [];
    hub.handleClientEvent(heart, async ({ session, channel }, data) => {
      if (data.count === 7) throw new DomainError('RATE_LIMITED', 'Easy on the hearts');
      seen.push({ count: data.count, session: session?.id });
      await hub.publish(channel, 'heart.burst', { total: data.count });
    });
    expect(() => hub.handleClientEvent(heart, () => undefined)).toThrow(/twice/);
    hub.setAuthorizer('show', (session, _channel, request) => request.action === 'subscribe' || (request.action === 'publish' && request.type === 'heart.tap' && session !== null));
    const viewer: SessionInfo = { id: 'v1', user: null, ownerKey: 'session:v1' };
    const { peer, conn } = await subscribed(hub, show, undefined, viewer);
    const { peer: guest, conn: guestConn } = await subscribed(hub, show);

    void conn.receive({ op: 'publish', channel: show, type: 'chat.send', data: { text: 'hi' }, ref: 'r1' });
    void conn.receive({ op: 'publish', channel: show, type: 'heart.tap', data: { count: 99 }, ref: 'r2' });
    void conn.receive({ op: 'publish', channel: show, type: 'heart.tap', data: { count: 7 }, ref: 'r3' });
    await conn.receive({ op: 'publish', channel: show, type: 'heart.tap', data: { count: 3 }, ref: 'r4' });
    await guestConn.receive({ op: 'publish', channel: show, type: 'heart.tap', data: { count: 1 }, ref: 'g1' });
    expect(peer.of('error')).toMatchObject([
      { code: 'BAD_REQUEST', ref: 'r1', channel: show },
      { code: 'VALIDATION_FAILED', ref: 'r2' },
      { code: 'RATE_LIMITED', ref: 'r3', message: 'Easy on the hearts' },
    ]);
    expect(guest.of('error')).toMatchObject([{ code: 'FORBIDDEN', ref: 'g1' }]);
    expect(seen).toEqual([{ count: 3, session: 'v1' }]);
    expect(peer.of('event')).toMatchObject([{ type: 'heart.burst', data: { total: 3 } }]);
  });

  it('answers a ping with the client time and its own clock', async () => {
    const hub = makeHub({ now: () => 1_700_000_000_000 });
    const peer = new RecordingPeer();
    await hub.connect(peer, null).receive({ op: 'ping', clientTime: 42.5 });
    expect(peer.received).toEqual([{ op: 'pong', clientTime: 42.5, serverTime: 1_700_000_000_000 }]);
  });

  it('prunes old events from the log', async () => {
    const hub = makeHub({ replayMs: 10 });
    const show = freshChannel();
    await hub.publish(show, 'tick', {});
    await sleep(80);
    await hub.publish(show, 'tick', {});
    expect(await hub.pruneLog()).toBeGreaterThanOrEqual(1);
    const log = createEventLog(database.db, null);
    expect((await log.range(show, 0, 2, 10)).map((e) => e.seq)).toEqual([2]);
    expect(await log.head(show)).toBe(2);
  });
});
