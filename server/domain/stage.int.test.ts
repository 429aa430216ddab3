// The local stage's signalling through the real server: real `ws` clients on /ws, the session
// cookie deciding who may host, the cap on viewers, and signals reaching only their addressee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerCountKey, type Channel, type ServerDirect, type ServerMessage } from '../../common/realtime';
import { startTestServer, testBackends, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const show = 'show:show-summer-eyewear' as Channel;
const offer = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

const directs = (ws: WsTestClient, type: string): ServerDirect[] =>
  ws.received.filter((m): m is ServerDirect => m.op === 'direct' && m.type === type && m.channel === show);
const lastError = (r: ServerMessage[]) => r.filter((m) => m.op === 'error').at(-1);

describe.each(testBackends)('local stage on %s', (backend) => {
  let server: TestServer;
  const sockets: WsTestClient[] = [];
  let hostCookie = '';
  let adminCookie = '';

  const open = async (cookie?: string) => {
    const ws = await WsTestClient.open(server.url, cookie ? { cookie } : {});
    sockets.push(ws);
    // Every socket learns its id first: peers address their signals to it.
    await ws.waitFor(() => ws.connectionId, 'hello');
    return ws;
  };
  const idOf = (ws: WsTestClient) => {
    if (!ws.connectionId) throw new Error('no hello');
    return ws.connectionId;
  };
  const publish = (ws: WsTestClient, type: string, data: unknown) => ws.send({ op: 'publish', channel: show, type, data });
  const waitDirect = (ws: WsTestClient, type: string, count = 1) =>
    ws.waitFor(() => directs(ws, type).length >= count && directs(ws, type)[count - 1], `${type} #${count}`);

  beforeAll(async () => {
    server = await startTestServer({ backend, env: { LOCAL_STAGE_MAX_VIEWERS: '2' } });
    const host = server.client();
    await signInDemo(host, 'host');
    hostCookie = host.cookieHeader;
    const admin = server.client();
    await signInDemo(admin, 'admin');
    adminCookie = admin.cookieHeader;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  it('lets only the show’s host go live', async () => {
    const guest = await open();
    publish(guest, 'stage.host-ready', {});
    expect(await guest.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'UNAUTHENTICATED', channel: show });

    const admin = await open(adminCookie);
    publish(admin, 'stage.host-ready', {});
    expect(await admin.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN', channel: show });
    expect(server.services.stage.snapshot(show).host).toBeNull();

    const host = await open(hostCookie);
    publish(host, 'stage.host-ready', {});
    expect((await waitDirect(host, 'stage.hosting')).data).toEqual({ connectionId: idOf(host), viewers: 0, maxViewers: 2 });
    expect(server.services.stage.snapshot(show).host).toBe(idOf(host));
    await host.close();
    await guest.close();
    await admin.close();
    await expect.poll(() => server.services.stage.snapshot(show)).toEqual({ host: null, viewers: [] });
  });

  it('admits viewers up to the cap, tells the next one the stage is full, and frees a place when one leaves', async () => {
    const host = await open(hostCookie);
    publish(host, 'stage.host-ready', {});
    await waitDirect(host, 'stage.hosting');

    const [a, b, c] = [await open(), await open(), await open()];
    publish(a, 'stage.join', {});
    expect((await waitDirect(a, 'stage.admitted')).data).toEqual({ connectionId: idOf(a), hostId: idOf(host), maxViewers: 2 });
    publish(b, 'stage.join', {});
    await waitDirect(b, 'stage.admitted');
    publish(c, 'stage.join', {});
    expect((await waitDirect(c, 'stage.full')).data).toEqual({ maxViewers: 2 });
    expect(directs(c, 'stage.admitted')).toEqual([]);

    await waitDirect(host, 'stage.viewer-joined', 2);
    expect(directs(host, 'stage.viewer-joined').map((m) => m.data)).toEqual([{ viewerId: idOf(a) }, { viewerId: idOf(b) }]);

    // A viewer that closes its tab gives its place to the next one, and the host hears of it.
    await a.close();
    expect((await waitDirect(host, 'stage.viewer-left')).data).toEqual({ viewerId: idOf(a) });
    publish(c, 'stage.join', {});
    await waitDirect(c, 'stage.admitted');
    expect(server.services.stage.snapshot(show).viewers).toEqual([idOf(b), idOf(c)]);

    // The host ending the show tells every viewer, with `ended`.
    publish(host, 'stage.leave', { ended: true });
    expect((await waitDirect(b, 'stage.host-left')).data).toEqual({ ended: true });
    expect((await waitDirect(c, 'stage.host-left')).data).toEqual({ ended: true });
    for (const ws of [host, b, c]) await ws.close();
    await expect.poll(() => server.services.stage.snapshot(show)).toEqual({ host: null, viewers: [] });
  });

  it('counts admitted viewers for everyone watching: in the snapshot and as a latest-wins value', async () => {
    const watcher = await open();
    await watcher.subscribe(show);
    const counts = () => watcher.of('ephemeral', show).filter((m) => m.key === viewerCountKey).map((m) => (m.data as { count: number }).count);
    const viewer = await open();
    publish(viewer, 'stage.join', {});
    await waitDirect(viewer, 'stage.admitted');
    await watcher.waitFor(() => counts().at(-1) === 1, 'a count of 1');
    const late = await open();
    const snapshot = (await late.subscribe(show)) as { state: { show: { viewerCount: number } } };
    expect(snapshot.state.show.viewerCount).toBe(1);
    await viewer.close();
    await watcher.waitFor(() => counts().at(-1) === 0, 'a count of 0');
  });

  it('delivers a signal only to the connection it is addressed to, and only between a host and its viewers', async () => {
    const host = await open(hostCookie);
    publish(host, 'stage.host-ready', {});
    await waitDirect(host, 'stage.hosting');
    const [viewer, other] = [await open(), await open()];
    publish(viewer, 'stage.join', {});
    publish(other, 'stage.join', {});
    await waitDirect(viewer, 'stage.admitted');
    await waitDirect(other, 'stage.admitted');

    publish(host, 'stage.signal', { to: idOf(viewer), description: offer });
    expect((await waitDirect(viewer, 'stage.signal')).data).toEqual({ from: idOf(host), description: offer });
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    publish(viewer, 'stage.signal', { to: idOf(host), candidate });
    expect((await waitDirect(host, 'stage.signal')).data).toEqual({ from: idOf(viewer), candidate });
    // Round trips prove the other viewer had every chance to receive something, and did not.
    await other.roundTrip();
    expect(directs(other, 'stage.signal')).toEqual([]);

    // A viewer cannot signal another viewer, and an outsider cannot signal the host.
    publish(viewer, 'stage.signal', { to: idOf(other), description: offer });
    expect(await viewer.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN', channel: show });
    const outsider = await open();
    publish(outsider, 'stage.signal', { to: idOf(host), description: offer });
    expect(await outsider.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN' });
    await other.roundTrip();
    await host.roundTrip();
    expect(directs(other, 'stage.signal')).toEqual([]);
    expect(directs(host, 'stage.signal')).toHaveLength(1);

    // A malformed signal (both a description and a candidate) is refused before it is relayed.
    publish(host, 'stage.signal', { to: idOf(viewer), description: offer, candidate });
    expect(await host.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'VALIDATION_FAILED' });

    // The host's socket closing (a reload) is not the end of the show.
    await host.close();
    expect((await waitDirect(viewer, 'stage.host-left')).data).toEqual({ ended: false });
    for (const ws of [viewer, other, outsider]) await ws.close();
    await expect.poll(() => server.services.stage.snapshot(show)).toEqual({ host: null, viewers: [] });
  });

  it('tells waiting viewers when the host becomes ready, and the host about them', async () => {
    const viewer = await open();
    publish(viewer, 'stage.join', {});
    expect((await waitDirect(viewer, 'stage.admitted')).data).toMatchObject({ hostId: null });
    const host = await open(hostCookie);
    publish(host, 'stage.host-ready', {});
    expect((await waitDirect(host, 'stage.hosting')).data).toMatchObject({ viewers: 1 });
    expect((await waitDirect(host, 'stage.viewer-joined')).data).toEqual({ viewerId: idOf(viewer) });
    expect((await waitDirect(viewer, 'stage.host-ready')).data).toEqual({ hostId: idOf(host) });
    // The host cannot also take a viewer's place.
    publish(host, 'stage.join', {});
    expect(await host.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'BAD_REQUEST' });
    await host.close();
    await viewer.close();
  });
});
