// The host's studio through the real server, on each database backend: creating and editing shows,
// going live and ending, pins with their cap, channel events and the replay timeline.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../common/realtime';
import { showTimeline, users } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const lineup = ['aviator-sunglasses', 'round-glasses', 'baseball-cap', 'bucket-hat', 'ceramic-mug'];
const newShow = (over: Record<string, unknown> = {}) => ({
  title: { ja: '春の新作', en: 'Spring arrivals' },
  cover: '/products/aviator-sunglasses.svg',
  scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
  productIds: lineup,
  ...over,
});

describe.each(testBackends)('shows studio on %s', (backend) => {
  let server: TestServer;
  let host: TestClient;
  let otherHost: TestClient;
  let shopper: TestClient;
  const sockets: WsTestClient[] = [];

  async function registered(email: string, role: 'shopper' | 'host'): Promise<TestClient> {
    const client = server.client();
    const res = await client.post('/api/auth/register', { email, password: 'a long password', displayName: 'Some One' });
    expect(res.status).toBe(201);
    if (role === 'host') {
      await server.services.database.db.update(users).set({ role }).where(eq(users.email, email));
      // Signing in again reads the new role into a fresh session.
      expect((await client.post('/api/auth/login', { email, password: 'a long password' })).status).toBe(200);
    }
    return client;
  }

  beforeAll(async () => {
    server = await startTestServer({ backend });
    host = server.client();
    await signInDemo(host, 'host');
    otherHost = await registered(`host2-${backend}@example.test`, 'host');
    shopper = await registered(`shopper-${backend}@example.test`, 'shopper');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  async function watch(showId: string): Promise<WsTestClient> {
    const ws = await WsTestClient.open(server.url);
    sockets.push(ws);
    await ws.subscribe(`show:${showId}` as Channel);
    return ws;
  }

  it('lets a host create a show and read it back with its lineup in run-sheet order', async () => {
    const created = await host.post('/api/shows', newShow());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: { en: 'Spring arrivals' }, state: 'scheduled', hostName: 'Aiko (host)', productIds: lineup, pins: [], deals: [], viewerCount: 0 });
    const detail = await server.client().get(`/api/shows/${created.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.lineup.map((p: { id: string }) => p.id)).toEqual(lineup);
    expect(detail.body.lineup[0]).toMatchObject({ name: { en: 'Aviator Sunglasses' }, priceFrom: { amount: 12_800, currency: 'JPY' } });
    const listed = await server.client().get('/api/shows');
    expect(listed.body.map((s: { id: string }) => s.id)).toContain(created.body.id);
  });

  it('refuses shoppers, guests, other hosts and bad input', async () => {
    expect((await shopper.post('/api/shows', newShow())).status).toBe(403);
    expect((await server.client().post('/api/shows', newShow())).status).toBe(401);
    expect((await host.post('/api/shows', newShow({ productIds: ['no-such-product'] }))).status).toBe(400);
    expect((await host.post('/api/shows', newShow({ cover: 'https://evil.example/x.png' }))).status).toBe(400);
    expect((await host.post('/api/shows', { ...newShow(), state: 'live' })).status).toBe(400);
    const show = (await host.post('/api/shows', newShow())).body;
    const edit = await otherHost.patch(`/api/shows/${show.id}`, { title: { ja: '乗っ取り', en: 'Hijacked' } });
    expect(edit.status).toBe(403);
    expect((await otherHost.post(`/api/shows/${show.id}/live`)).status).toBe(403);
    expect((await shopper.post(`/api/shows/${show.id}/pins`, { productId: 'ceramic-mug' })).status).toBe(403);
    expect((await server.client().get(`/api/shows/${show.id}`)).body.title.en).toBe('Spring arrivals');
  });

  it('edits a show, reschedules it only while scheduled and lists the host’s own shows, ended ones included', async () => {
    const show = (await host.post('/api/shows', newShow())).body;
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const edited = await host.patch(`/api/shows/${show.id}`, { title: { ja: '夏', en: 'Summer' }, scheduledAt: later, productIds: ['ceramic-mug', 'baseball-cap'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: { en: 'Summer' }, scheduledAt: later, productIds: ['ceramic-mug', 'baseball-cap'] });
    expect(edited.body.lineup.map((p: { id: string }) => p.id)).toEqual(['ceramic-mug', 'baseball-cap']);

    expect((await host.post(`/api/shows/${show.id}/live`)).status).toBe(200);
    const resched = await host.patch(`/api/shows/${show.id}`, { scheduledAt: later });
    expect(resched.status).toBe(409);
    expect(resched.body.error.code).toBe('INVALID_TRANSITION');
    // The run-sheet stays editable while live.
    expect((await host.patch(`/api/shows/${show.id}`, { productIds: ['ceramic-mug', 'baseball-cap', 'bucket-hat'] })).body.productIds).toHaveLength(3);
    expect((await host.post(`/api/shows/${show.id}/end`)).status).toBe(200);
    expect((await host.patch(`/api/shows/${show.id}`, { productIds: ['ceramic-mug'] })).status).toBe(409);

    const mine = await host.get('/api/shows?mine=1');
    expect(mine.status).toBe(200);
    expect(mine.body.find((s: { id: string }) => s.id === show.id)).toMatchObject({ state: 'ended' });
    expect((await otherHost.get('/api/shows?mine=1')).body.map((s: { id: string }) => s.id)).not.toContain(show.id);
    expect((await shopper.get('/api/shows?mine=1')).status).toBe(403);
    // The public list leaves ended shows out.
    expect((await server.client().get('/api/shows')).body.map((s: { id: string }) => s.id)).not.toContain(show.id);
  });

  it('goes scheduled → live → ended and refuses every other transition', async () => {
    const show = (await host.post('/api/shows', newShow())).body;
    const ws = await watch(show.id);
    const early = await host.post(`/api/shows/${show.id}/end`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    const live = await host.post(`/api/shows/${show.id}/live`);
    expect(live.status).toBe(200);
    expect(live.body.state).toBe('live');
    expect(Date.parse(live.body.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await host.post(`/api/shows/${show.id}/live`)).status).toBe(409);
    const ended = await host.post(`/api/shows/${show.id}/end`);
    expect(ended.body).toMatchObject({ state: 'ended' });
    expect(ended.body.endedAt).not.toBeNull();
    expect((await host.post(`/api/shows/${show.id}/live`)).status).toBe(409);
    expect((await host.post(`/api/shows/${show.id}/end`)).status).toBe(409);
    const states = await ws.waitFor((r) => {
      const s = r.filter((m) => m.op === 'event' && m.type === 'show.state');
      return s.length === 2 && s;
    }, 'two state events');
    expect(states.map((e) => (e as { data: { state: string } }).data.state)).toEqual(['live', 'ended']);
  });

  it('pins run-sheet products, at most three, with events on the channel and timeline rows in order', async () => {
    const show = (await host.post('/api/shows', newShow())).body;
    expect((await host.post(`/api/shows/${show.id}/live`)).status).toBe(200);
    const ws = await watch(show.id);

    const notInRunSheet = await host.post(`/api/shows/${show.id}/pins`, { productId: 'field-watch' });
    expect(notInRunSheet.status).toBe(400);
    for (const productId of lineup.slice(0, 3)) {
      const res = await host.post(`/api/shows/${show.id}/pins`, { productId });
      expect(res.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct pin times
    }
    const fourth = await host.post(`/api/shows/${show.id}/pins`, { productId: lineup[3] });
    expect(fourth.body.pins.map((p: { productId: string }) => p.productId)).toEqual(lineup.slice(1, 4));
    // Pinning again changes nothing and sends nothing.
    expect((await host.post(`/api/shows/${show.id}/pins`, { productId: lineup[3] })).body.pins).toHaveLength(3);
    const unpinned = await host.delete(`/api/shows/${show.id}/pins/${lineup[1]}`);
    expect(unpinned.body.pins.map((p: { productId: string }) => p.productId)).toEqual([lineup[2], lineup[3]]);

    const pinEvents = await ws.waitFor((r) => {
      const e = r.filter((m) => m.op === 'event' && m.type === 'pin.changed');
      return e.length === 5 && e;
    }, 'five pin.changed events');
    const lists = pinEvents.map((e) => (e as { data: { pins: { productId: string }[] } }).data.pins.map((p) => p.productId));
    expect(lists).toEqual([[lineup[0]], lineup.slice(0, 2), lineup.slice(0, 3), lineup.slice(1, 4), [lineup[2], lineup[3]]]);
    await ws.roundTrip();
    expect(ws.of('event').filter((e) => e.type === 'pin.changed')).toHaveLength(5);

    // A late subscriber's snapshot carries the pins.
    const late = await WsTestClient.open(server.url);
    sockets.push(late);
    const snapshot = await late.subscribe(`show:${show.id}` as Channel);
    expect(snapshot).toMatchObject({ op: 'snapshot', state: { show: { state: 'live', pins: [{ productId: lineup[2] }, { productId: lineup[3] }] } } });

    const rows = await server.services.database.db.select().from(showTimeline).where(eq(showTimeline.showId, show.id)).orderBy(asc(showTimeline.id));
    expect(rows.map((r) => [r.kind, (r.data as { productId: string }).productId])).toEqual([
      ['pin', lineup[0]],
      ['pin', lineup[1]],
      ['pin', lineup[2]],
      ['unpin', lineup[0]],
      ['pin', lineup[3]],
      ['unpin', lineup[1]],
    ]);
    const offsets = rows.map((r) => r.atMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets[0]).toBeGreaterThanOrEqual(0);
    expect(offsets.at(-1)!).toBeGreaterThan(offsets[0]!);
  });

  it('makes concurrent pins of one show take turns: the cap holds and the events follow their sequence numbers', async () => {
    const show = (await host.post('/api/shows', newShow())).body;
    expect((await host.post(`/api/shows/${show.id}/live`)).status).toBe(200);
    const ws = await watch(show.id);
    // Two tabs of one host clicking at once: every pin arrives before any has finished.
    const replies = await Promise.all(lineup.map((productId) => host.post(`/api/shows/${show.id}/pins`, { productId })));
    for (const [i, reply] of replies.entries()) {
      expect(reply.status).toBe(200);
      expect(reply.body.pins.length).toBeLessThanOrEqual(3);
      expect(reply.body.pins.map((p: { productId: string }) => p.productId)).toContain(lineup[i]);
    }
    const events = await ws.waitFor((r) => {
      const e = r.filter((m) => m.op === 'event' && m.type === 'pin.changed');
      return e.length === lineup.length && e;
    }, 'a pin.changed event per pin');
    const seqs = events.map((e) => (e as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const lists = events.map((e) => (e as { data: { pins: { productId: string }[] } }).data.pins.map((p) => p.productId));
    // In sequence order, each event is the one before with one product added and, past the cap, one pushed out.
    expect(lists.map((l) => l.length)).toEqual(lineup.map((_, i) => Math.min(3, i + 1)));
    for (let i = 1; i < lists.length; i++) expect(lists[i]!.filter((p) => !lists[i - 1]!.includes(p))).toHaveLength(1);
    const detail = await host.get(`/api/shows/${show.id}`);
    expect(detail.body.pins.map((p: { productId: string }) => p.productId)).toEqual(lists.at(-1));
    const rows = await server.services.database.db.select().from(showTimeline).where(eq(showTimeline.showId, show.id)).orderBy(asc(showTimeline.id));
    expect(rows.filter((r) => r.kind === 'pin')).toHaveLength(lineup.length);
    expect(rows.filter((r) => r.kind === 'unpin')).toHaveLength(lineup.length - 3);
  });

  it('records no timeline before the show is live, and 404s an unknown show', async () => {
    const show = (await host.post('/api/shows', newShow())).body;
    expect((await host.post(`/api/shows/${show.id}/pins`, { productId: lineup[0] })).status).toBe(200);
    const rows = await server.services.database.db.select().from(showTimeline).where(eq(showTimeline.showId, show.id));
    expect(rows).toHaveLength(0);
    expect((await server.client().get('/api/shows/no-such-show')).status).toBe(404);
  });
});
