// Polls, Q&A and reactions through the real server on each database backend.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollResultsKey } from '../../common/api';
import { reactionBurstKeyPrefix, type Channel, type ServerMessage } from '../../common/realtime';
import { shows, showTimeline } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';


describe.each(testBackends)('polls, Q&A and reactions on %s', (backend) => {
  let server: TestServer;
  let host: TestClient;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    host = server.client();
    await signInDemo(host, 'host');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  async function watcher(channel: Channel): Promise<WsTestClient> {
    const ws = await WsTestClient.open(server.url);
    sockets.push(ws);
    expect((await ws.subscribe(channel)).op).toBe('snapshot');
    return ws;
  }

  const eventOf = (ws: WsTestClient, channel: Channel, type: string, match: (data: any) => boolean = () => true) =>
    ws.waitFor((r) => r.find((m): m is Extract<ServerMessage, { op: 'event' }> => m.op === 'event' && m.channel === channel && m.type === type && match(m.data)), type);

  it('runs a poll: one vote per viewer, live results, closed by the host', async () => {
    const showId = 'show-summer-eyewear';
    const channel: Channel = `show:${showId}`;
    const db = server.services.database.db;
    // Live since ten seconds ago, so the poll lands on the show's timeline.
    await db.update(shows).set({ state: 'live', startedAt: new Date(Date.now() - 10_000) }).where(eq(shows.id, showId));
    const ws = await watcher(channel);
    const viewer = server.client();
    expect((await viewer.post(`/api/shows/${showId}/polls`, { question: 'Which frame?', options: ['Round', 'Square'] })).status).toBe(401);
    expect((await host.post(`/api/shows/${showId}/polls`, { question: 'Which frame?', options: ['Round'] })).status).toBe(400);
    expect((await host.post(`/api/shows/${showId}/polls`, { question: 'x'.repeat(141), options: ['a', 'b'] })).status).toBe(400);
    const created = await host.post(`/api/shows/${showId}/polls`, { question: 'Which frame?', options: ['Round', 'Square', 'Cat-eye'] });
    expect(created.status).toBe(201);
    const poll = created.body as { id: string; options: { id: string; text: string }[] };
    expect(poll.options.map((o) => o.text)).toEqual(['Round', 'Square', 'Cat-eye']);
    await eventOf(ws, channel, 'poll.opened', (d) => d.id === poll.id);
    // One open poll at a time.
    expect((await host.post(`/api/shows/${showId}/polls`, { question: 'Another?', options: ['a', 'b'] })).status).toBe(409);

    const [round, square] = poll.options;
    expect((await viewer.post(`/api/shows/${showId}/polls/${poll.id}/votes`, { optionId: round!.id })).status).toBe(201);
    const second = await viewer.post(`/api/shows/${showId}/polls/${poll.id}/votes`, { optionId: square!.id });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect((await server.client().post(`/api/shows/${showId}/polls/${poll.id}/votes`, { optionId: 'nope' })).status).toBe(400);
    const votes = await Promise.all([0, 1, 2].map(() => server.client().post(`/api/shows/${showId}/polls/${poll.id}/votes`, { optionId: square!.id })));
    expect(votes.map((v) => v.status)).toEqual([201, 201, 201]);

    // Live results arrive as a latest-wins value and settle on the real counts.
    await ws.waitFor(
      (r) => r.some((m) => m.op === 'ephemeral' && m.key === pollResultsKey && JSON.stringify((m.data as { counts: unknown }).counts) === JSON.stringify({ o1: 1, o2: 3, o3: 0 })),
      'poll results 1/3/0',
    );
    const results = ws.of('ephemeral', channel).filter((m) => m.key === pollResultsKey);
    // The first vote goes out at once; the three at the same moment share at most two more broadcasts.
    expect(results.length).toBeLessThan(4);

    const snapshotWs = await WsTestClient.open(server.url);
    sockets.push(snapshotWs);
    const snapshot = (await snapshotWs.subscribe(channel)) as { state: { poll: { id: string; counts: Record<string, number> } } };
    expect(snapshot.state.poll).toMatchObject({ id: poll.id, counts: { o1: 1, o2: 3, o3: 0 } });

    const stranger = server.client();
    expect((await stranger.post(`/api/shows/${showId}/polls/${poll.id}/close`)).status).toBe(401);
    const closed = await host.post(`/api/shows/${showId}/polls/${poll.id}/close`);
    expect(closed.status).toBe(200);
    const closedEvent = await eventOf(ws, channel, 'poll.closed', (d) => d.pollId === poll.id);
    expect(closedEvent.data).toEqual({ pollId: poll.id, counts: { o1: 1, o2: 3, o3: 0 } });
    expect((await server.client().post(`/api/shows/${showId}/polls/${poll.id}/votes`, { optionId: round!.id })).status).toBe(409);
    expect((await host.post(`/api/shows/${showId}/polls/${poll.id}/close`)).status).toBe(409);
    expect((await server.client().get(`/api/shows/${showId}/polls/current`)).body).toEqual({ poll: null });
    const timeline = await db.select().from(showTimeline).where(eq(showTimeline.showId, showId)).orderBy(asc(showTimeline.id));
    expect(timeline.map((t) => t.kind)).toEqual(['poll.opened', 'poll.closed']);
    expect(timeline[0]!.atMs).toBeGreaterThanOrEqual(10_000);
    expect(timeline[1]!.data).toEqual({ pollId: poll.id, counts: { o1: 1, o2: 3, o3: 0 } });
  });

  it('takes questions, one upvote per viewer, and lets the host mark them answered', async () => {
    const showId = 'show-gift-ideas';
    const channel: Channel = `show:${showId}`;
    const ws = await watcher(channel);
    const asker = server.client();
    expect((await asker.post(`/api/shows/${showId}/questions`, { text: 'Is it gold?' })).status).toBe(400);
    const first = await asker.post(`/api/shows/${showId}/questions`, { text: 'Is the ring real gold?', displayName: 'Rin' });
    expect(first.status).toBe(201);
    const second = await asker.post(`/api/shows/${showId}/questions`, { text: 'Which size fits me?', displayName: 'Rin' });
    await eventOf(ws, channel, 'question.asked', (d) => d.id === first.body.id && d.text === 'Is the ring real gold?' && d.upvotes === 0);

    const fan = server.client();
    const up = await fan.post(`/api/shows/${showId}/questions/${second.body.id}/upvotes`);
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ id: second.body.id, upvotes: 1 });
    await eventOf(ws, channel, 'question.upvoted', (d) => d.id === second.body.id && d.upvotes === 1);
    const again = await fan.post(`/api/shows/${showId}/questions/${second.body.id}/upvotes`);
    expect(again.status).toBe(409);
    expect((await host.post(`/api/shows/${showId}/questions/${second.body.id}/upvotes`)).body.upvotes).toBe(2);

    const list = await server.client().get(`/api/shows/${showId}/questions`);
    expect(list.body.map((q: { id: string }) => q.id)).toEqual([second.body.id, first.body.id]);

    expect((await fan.post(`/api/shows/${showId}/questions/${first.body.id}/answered`)).status).toBe(401);
    const answered = await host.post(`/api/shows/${showId}/questions/${first.body.id}/answered`);
    expect(answered.status).toBe(200);
    expect(answered.body.answeredAt).toEqual(expect.any(String));
    await eventOf(ws, channel, 'question.answered', (d) => d.id === first.body.id);

    const snapshotWs = await WsTestClient.open(server.url);
    sockets.push(snapshotWs);
    const snapshot = (await snapshotWs.subscribe(channel)) as { state: { questions: { id: string; upvotes: number; answeredAt: string | null }[] } };
    expect(snapshot.state.questions[0]).toMatchObject({ id: second.body.id, upvotes: 2 });
    expect(snapshot.state.questions.find((q) => q.id === first.body.id)?.answeredAt).toEqual(expect.any(String));
  });

  it('turns 1,000 taps sent over a second into bursts at most 4 a second that add up to 1,000', async () => {
    const channel: Channel = 'show:show-summer-eyewear';
    const tapper = await watcher(channel);
    const audience = await watcher(channel);
    const bursts = () => audience.of('ephemeral', channel).filter((m) => m.key.startsWith(`${reactionBurstKeyPrefix}:`));
    const total = () => bursts().reduce((sum, m) => sum + (m.data as { count: number }).count, 0);
    for (let i = 0; i < 20; i++) {
      tapper.send({ op: 'publish', channel, type: 'reaction.tap', data: { count: 50 } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await audience.waitFor(() => total() >= 1000, 'all the hearts');
    // Anything still on its way would arrive within another interval.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await audience.roundTrip();
    expect(total()).toBe(1000);
    // At most 4 a second, read from the server's own clock (a slow test machine only spreads them out).
    const times = bursts().map((m) => m.serverTime).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(240);
    expect(new Set(bursts().map((m) => (m.data as { n: number }).n)).size).toBe(bursts().length);
    expect(tapper.of('error')).toEqual([]);
  });

  it('refuses taps out of range', async () => {
    const channel: Channel = 'show:show-gift-ideas';
    const ws = await watcher(channel);
    ws.send({ op: 'publish', channel, type: 'reaction.tap', data: { count: 51 }, ref: 'big' });
    ws.send({ op: 'publish', channel, type: 'reaction.tap', data: { count: 0 }, ref: 'zero' });
    await ws.waitFor((r) => r.filter((m) => m.op === 'error').length >= 2, 'two errors');
    expect(ws.of('error').map((e) => [e.ref, e.code])).toEqual([
      ['big', 'VALIDATION_FAILED'],
      ['zero', 'VALIDATION_FAILED'],
    ]);
  });

  it('limits tap messages per socket', async () => {
    const channel: Channel = 'show:show-gift-ideas';
    const ws = await watcher(channel);
    for (let i = 0; i < 25; i++) ws.send({ op: 'publish', channel, type: 'reaction.tap', data: { count: 1 }, ref: `t${i}` });
    await ws.waitFor((r) => r.some((m) => m.op === 'error' && m.code === 'RATE_LIMITED'), 'a rate-limit error');
    await ws.roundTrip();
    expect(ws.of('error').filter((e) => e.code === 'RATE_LIMITED').length).toBe(5);
  });
});
