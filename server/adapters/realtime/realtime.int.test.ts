// The realtime channel through the real server: /ws upgrades on the ephemeral port, real `ws`
// clients, the session cookie, the database log on each backend.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../common/realtime';
import { eq } from 'drizzle-orm';
import { shows } from '../db/schema';
import { demoAccounts } from '../../domain/seed';
import { startTestServer, testBackends, type TestServer, signInDemo } from '../../test/harness';
import { WsTestClient } from '../../test/ws-client';
import { attachRealtime } from './gateway';

describe.each(testBackends)('realtime channel on %s', (backend) => {
  let server: TestServer;
  const sockets: WsTestClient[] = [];
  const open = async (headers: Record<string, string> = {}) => {
    const socket = await WsTestClient.open(server.url, headers);
    sockets.push(socket);
    return socket;
  };
  let n = 0;
  const freshShow = () => `show:int-${backend}-${++n}` as Channel;
  const demoShowId = 'show-summer-eyewear';

  beforeAll(async () => {
    server = await startTestServer({ backend, env: { ALLOWED_ORIGINS: 'https://shop.example' } });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  it('reports its fan-out in the health check', async () => {
    const health = await server.client().get('/api/health');
    expect(health.body.realtime).toBe(backend === 'postgres' ? 'hub+pg-notify' : 'hub');
  });

  it('sends a snapshot on subscribe, then events with rising sequence numbers and server times', async () => {
    const show = freshShow();
    const ws = await open();
    expect(await ws.subscribe(show)).toMatchObject({ op: 'snapshot', channel: show, seq: 0 });
    const published = [];
    for (let i = 1; i <= 3; i++) published.push(await server.services.realtime.publish(show, 'pin.added', { productId: `p${i}` }));
    const events = await ws.waitFor((r) => r.filter((m) => m.op === 'event').length === 3 && r.filter((m) => m.op === 'event'), 'three events');
    expect(events).toMatchObject([1, 2, 3].map((seq) => ({ op: 'event', channel: show, seq, type: 'pin.added', data: { productId: `p${seq}` } })));
    expect(published.map((p) => p.seq)).toEqual([1, 2, 3]);
    const times = ws.of('event').map((e) => e.serverTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.abs(times[0]! - Date.now())).toBeLessThan(10_000);
  });

  it('numbers an event inside the caller’s transaction: a rollback leaves neither the event nor a gap, a commit delivers it on release', async () => {
    const show = freshShow();
    const ws = await open();
    await ws.subscribe(show);
    const { db } = server.services.database;
    await expect(
      db.transaction(async (tx) => {
        await server.services.realtime.publishInTransaction(tx, show, 'tick', { n: 0 });
        throw new Error('the change it announced failed');
      }),
    ).rejects.toThrow('the change it announced failed');
    const committed = await db.transaction((tx) => server.services.realtime.publishInTransaction(tx, show, 'tick', { n: 1 }));
    expect(committed.seq).toBe(1);
    committed.release();
    expect(await ws.waitFor((r) => r.find((m) => m.op === 'event'), 'the committed event')).toMatchObject({ op: 'event', channel: show, seq: 1, data: { n: 1 } });
    // Later events follow it without a gap, and a late subscriber catches up on it from the log.
    await server.services.realtime.publish(show, 'tick', { n: 2 });
    await ws.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'the next event');
    expect(ws.seqs(show)).toEqual([1, 2]);
    const late = await open();
    expect(await late.subscribe(show, 0)).toMatchObject({ op: 'event', seq: 1, data: { n: 1 } });
    await late.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'the catch-up');
    expect(late.seqs(show)).toEqual([1, 2]);
  });

  it('runs the change an event announces in the same statement as its append: both happen, or neither', async () => {
    const show = freshShow();
    const ws = await open();
    await ws.subscribe(show);
    const { db } = server.services.database;
    const titleOf = async () => (await db.select({ t: shows.titleEn }).from(shows).where(eq(shows.id, demoShowId)))[0]!.t;
    const before = await titleOf();
    const retitle = (title: string) => db.update(shows).set({ titleEn: title }).where(eq(shows.id, demoShowId)).getSQL();
    // A change that fails takes its event with it.
    const refused = db.insert(shows).values({ id: demoShowId, titleJa: 'x', titleEn: 'x', hostId: 'nobody', cover: '', scheduledAt: new Date() }).getSQL();
    await expect(db.transaction((tx) => server.services.realtime.publishInTransaction(tx, show, 'retitled', { n: 0 }, [retitle('never'), refused]))).rejects.toThrow();
    expect(await titleOf()).toBe(before);
    const done = await db.transaction((tx) => server.services.realtime.publishInTransaction(tx, show, 'retitled', { n: 1 }, [retitle('Retitled with its event')]));
    done.release();
    expect(await titleOf()).toBe('Retitled with its event');
    expect(await ws.waitFor((r) => r.find((m) => m.op === 'event'), 'the event')).toMatchObject({ seq: 1, type: 'retitled', data: { n: 1 } });
    await db.update(shows).set({ titleEn: before }).where(eq(shows.id, demoShowId));
  });

  it('gives a client that reconnects with its last sequence exactly what it missed', async () => {
    const show = freshShow();
    const first = await open();
    await first.subscribe(show);
    await server.services.realtime.publish(show, 'tick', { n: 1 });
    await server.services.realtime.publish(show, 'tick', { n: 2 });
    await first.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'two events');
    const lastSeq = first.seqs(show).at(-1)!;
    await first.close();

    await server.services.realtime.publish(show, 'tick', { n: 3 });
    await server.services.realtime.publish(show, 'tick', { n: 4 });
    const again = await open();
    expect(await again.subscribe(show, lastSeq)).toMatchObject({ op: 'event', seq: 3, data: { n: 3 } });
    await again.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'the second missed event');
    await again.roundTrip();
    expect(again.received.filter((m) => m.op !== 'pong')).toMatchObject([
      { op: 'event', channel: show, seq: 3, data: { n: 3 } },
      { op: 'event', channel: show, seq: 4, data: { n: 4 } },
    ]);

    // Up to date: nothing is replayed, and live events follow.
    const current = await open();
    current.send({ op: 'subscribe', channel: show, lastSeq: 4 });
    await current.roundTrip();
    await server.services.realtime.publish(show, 'tick', { n: 5 });
    await current.waitFor((r) => r.some((m) => m.op === 'event'), 'the live event');
    expect(current.received.filter((m) => m.op !== 'pong')).toMatchObject([{ op: 'event', seq: 5 }]);
  });

  it('answers a gap longer than the replay window with a fresh snapshot', async () => {
    const show = freshShow();
    server.services.realtime.setSnapshotProvider('show', (channel) => ({ channel, pinned: ['p1'] }));
    await server.services.realtime.publish(show, 'tick', { n: 1 });
    const missed = server.services.realtime.replayEvents + 1;
    for (let i = 0; i < missed; i++) await server.services.realtime.publish(show, 'tick', { n: i + 2 });
    const ws = await open();
    expect(await ws.subscribe(show, 1)).toMatchObject({ op: 'snapshot', channel: show, seq: missed + 1, state: { channel: show, pinned: ['p1'] } });
    await ws.roundTrip();
    expect(ws.of('event')).toEqual([]);
    // One event fewer is still replayed.
    const close = await open();
    await close.subscribe(show, 2);
    await close.waitFor((r) => r.filter((m) => m.op === 'event').length === missed - 1, 'the replay');
    expect(close.seqs(show)[0]).toBe(3);
    expect(close.of('snapshot')).toEqual([]);
  });

  it('refuses an upgrade from another site, and accepts its own and configured origins', async () => {
    await expect(WsTestClient.open(server.url, { Origin: 'https://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(WsTestClient.open(server.url, { Origin: `http://127.0.0.1.evil.example:${new URL(server.url).port}` })).rejects.toMatchObject({ status: 403 });
    await expect(WsTestClient.open(server.url, { Origin: 'null' })).rejects.toMatchObject({ status: 403 });
    const own = await open({ Origin: server.url });
    expect(await own.subscribe(freshShow())).toMatchObject({ op: 'snapshot' });
    const configured = await open({ Origin: 'https://shop.example' });
    expect(await configured.subscribe(freshShow())).toMatchObject({ op: 'snapshot' });
    // Only /ws upgrades; any other path is answered, not left hanging.
    await expect(WsTestClient.open(server.url, {}, '/api/health')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a room to a visitor without a rule, and knows who is signed in by the session cookie', async () => {
    const guest = await open();
    expect(await guest.subscribe('room:x')).toMatchObject({ op: 'error', code: 'FORBIDDEN', channel: 'room:x' });

    const host = server.client();
    await signInDemo(host, 'host');
    server.services.realtime.setAuthorizer('room', (session, channel) => channel === 'room:x' && session?.user?.email === demoAccounts.host.email);
    const signedIn = await open({ cookie: host.cookieHeader });
    expect(await signedIn.subscribe('room:x')).toMatchObject({ op: 'snapshot', channel: 'room:x' });
    expect(await guest.subscribe('room:x')).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    // Publishing into a show is nobody's right until the live feature says so.
    guest.send({ op: 'ephemeral', channel: freshShow(), key: 'camera', data: { yaw: 1 } });
    expect(await guest.waitFor((r) => r.filter((m) => m.op === 'error').at(-1), 'the refusal')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a ping with the client time and the server clock', async () => {
    const ws = await open();
    const t0 = Date.now();
    ws.send({ op: 'ping', clientTime: t0 });
    const pong = await ws.waitFor((r) => r.find((m) => m.op === 'pong'), 'the pong');
    const t1 = Date.now();
    expect(pong).toMatchObject({ op: 'pong', clientTime: t0 });
    expect(pong.op === 'pong' && pong.serverTime).toBeGreaterThanOrEqual(t0 - 5);
    expect(pong.op === 'pong' && pong.serverTime).toBeLessThanOrEqual(t1 + 5);
  });

  it('drops a socket that stops answering pings, and keeps one that answers', async () => {
    // A second listener on the same services, with a heartbeat short enough to watch.
    const extra = http.createServer();
    const gateway = attachRealtime(extra, server.services, { heartbeatMs: 50 });
    await new Promise<void>((resolve) => extra.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(extra.address() as AddressInfo).port}/ws`;
    try {
      const silent = new WebSocket(url, { autoPong: false });
      const healthy = new WebSocket(url);
      await Promise.all([silent, healthy].map((s) => new Promise((resolve) => s.once('open', resolve))));
      const code = await new Promise<number>((resolve) => silent.once('close', resolve));
      // Terminated, not closed politely: the client sees an abnormal closure.
      expect(code).toBe(1006);
      expect(healthy.readyState).toBe(WebSocket.OPEN);
      healthy.close();
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => extra.close(() => resolve()));
    }
  });

  it('rejects malformed messages, limits their rate and closes a socket that sends too much at once', async () => {
    const ws = await open();
    ws.sendRaw('not json');
    ws.send({ op: 'subscribe', channel: 'chat:1' });
    ws.send({ op: 'subscribe', channel: freshShow(), extra: true });
    await ws.waitFor((r) => r.filter((m) => m.op === 'error').length === 3, 'three errors');
    expect(ws.of('error').map((e) => e.code)).toEqual(['BAD_REQUEST', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);

    const flood = await open();
    for (let i = 0; i < 100; i++) flood.send({ op: 'ping', clientTime: i });
    await flood.waitFor((r) => r.some((m) => m.op === 'error' && m.code === 'RATE_LIMITED'), 'the rate limit');
    await flood.waitFor((r) => r.filter((m) => m.op === 'pong').length >= 50, 'the pongs within the burst');
    expect(flood.of('pong').length).toBeLessThan(100);

    const big = await open();
    big.sendRaw(JSON.stringify({ op: 'ping', clientTime: 1, pad: 'x'.repeat(20_000) }));
    await big.waitFor(() => big.closeCode !== null, 'the close');
    expect(big.closeCode).toBe(1009);
  });
});
