// The host's 3D demo through the real server: the latest-wins `demo3d` value on a show channel may
// be set by the show's host alone, must be a Demo3dState, and reaches a late subscriber at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo3dKey, type Demo3dState } from '../../common/models';
import type { Channel, ServerEphemeral, ServerMessage } from '../../common/realtime';
import { startTestServer, testBackends, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const show = 'show:show-summer-eyewear' as Channel;
const otherShow = 'show:show-gift-ideas' as Channel;

const demo = (over: Partial<Demo3dState> = {}): Demo3dState => ({
  productId: 'aviator-sunglasses',
  variantId: 'aviator-sunglasses-gold',
  camera: { position: [0.1, 0.05, 0.2], target: [0, 0, 0] },
  hotspot: null,
  explode: 0,
  ...over,
});

const demoValues = (ws: WsTestClient, channel: Channel = show): ServerEphemeral[] =>
  ws.received.filter((m): m is ServerEphemeral => m.op === 'ephemeral' && m.key === demo3dKey && m.channel === channel);
const lastError = (r: ServerMessage[]) => r.filter((m) => m.op === 'error').at(-1);
const errorCount = (ws: WsTestClient) => ws.received.filter((m) => m.op === 'error').length;

describe.each(testBackends)('host-driven 3D demo on %s', (backend) => {
  let server: TestServer;
  const sockets: WsTestClient[] = [];
  let hostCookie = '';
  let shopperCookie = '';

  const open = async (cookie?: string) => {
    const ws = await WsTestClient.open(server.url, cookie ? { cookie } : {});
    sockets.push(ws);
    await ws.waitFor(() => ws.connectionId, 'hello');
    return ws;
  };
  const setDemo = (ws: WsTestClient, data: unknown, channel: Channel = show) => ws.send({ op: 'ephemeral', channel, key: demo3dKey, data });

  beforeAll(async () => {
    server = await startTestServer({ backend });
    const host = server.client();
    await signInDemo(host, 'host');
    hostCookie = host.cookieHeader;
    const shopper = server.client();
    const registered = await shopper.post('/api/auth/register', { email: `demo3d-${backend}@example.test`, password: 'a long password', displayName: 'Viewer' });
    expect(registered.status).toBe(201);
    shopperCookie = shopper.cookieHeader;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  it('sends the host’s demo to viewers, newest value only', async () => {
    const viewer = await open();
    await viewer.subscribe(show);
    const host = await open(hostCookie);
    await host.subscribe(show);
    setDemo(host, demo({ explode: 0.25 }));
    setDemo(host, demo({ explode: 0.5 }));
    const received = await viewer.waitFor(() => demoValues(viewer).find((v) => (v.data as Demo3dState).explode === 0.5), 'the newest demo state');
    expect(received.data).toEqual(demo({ explode: 0.5 }));
    expect(lastError(host.received)).toBeUndefined();
    // The host does not hear its own value back.
    expect(demoValues(host)).toEqual([]);
  });

  it('gives a viewer who joins late the current demo at once', async () => {
    const host = await open(hostCookie);
    await host.subscribe(show);
    setDemo(host, demo({ hotspot: 'lens', explode: 0.75 }));
    // Someone already watching keeps the value on this instance; then a latecomer arrives.
    const early = await open();
    await early.subscribe(show);
    await early.waitFor(() => demoValues(early).some((v) => (v.data as Demo3dState).explode === 0.75), 'the demo state');
    const late = await open();
    await late.subscribe(show);
    const value = await late.waitFor(() => demoValues(late).at(-1), 'the current demo state', 2000);
    expect(value.data).toEqual(demo({ hotspot: 'lens', explode: 0.75 }));
  });

  it('refuses the demo from a guest, a shopper, and the host of another show', async () => {
    const watcher = await open();
    await watcher.subscribe(show);
    await watcher.subscribe(otherShow);

    const guest = await open();
    await guest.subscribe(show);
    setDemo(guest, demo({ explode: 0.1 }));
    expect(await guest.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN', channel: show });

    const shopper = await open(shopperCookie);
    await shopper.subscribe(show);
    setDemo(shopper, demo({ explode: 0.2 }));
    expect(await shopper.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN', channel: show });

    // The demo host hosts both seeded shows; a show that does not exist has no host at all.
    const host = await open(hostCookie);
    setDemo(host, demo({ explode: 0.3 }), 'show:no-such-show' as Channel);
    expect(await host.waitFor(lastError, 'the refusal')).toMatchObject({ code: 'FORBIDDEN', channel: 'show:no-such-show' });

    // Give a wrongly admitted value time to arrive before saying none did.
    setDemo(await open(hostCookie), demo({ explode: 0.9 }), otherShow);
    await watcher.waitFor(() => demoValues(watcher, otherShow).some((v) => (v.data as Demo3dState).explode === 0.9), 'the other show’s demo');
    const refused = [0.1, 0.2, 0.3];
    expect(demoValues(watcher).filter((v) => refused.includes((v.data as Demo3dState).explode))).toEqual([]);
  });

  it('refuses malformed demo states with VALIDATION_FAILED and keeps the last good one', async () => {
    const host = await open(hostCookie);
    await host.subscribe(show);
    setDemo(host, demo({ explode: 0.6 }));
    const bad: unknown[] = [
      { ...demo(), explode: 2 },
      { ...demo(), camera: { position: [0, 0], target: [0, 0, 0] } },
      { ...demo(), productId: '../etc/passwd' },
      { ...demo(), extra: true },
      'spin',
    ];
    for (const [i, data] of bad.entries()) {
      setDemo(host, data);
      await host.waitFor(() => errorCount(host) > i && lastError(host.received), `refusal #${i + 1}`);
      expect(lastError(host.received)).toMatchObject({ code: 'VALIDATION_FAILED', channel: show });
    }
    const late = await open();
    await late.subscribe(show);
    const value = await late.waitFor(() => demoValues(late).at(-1), 'the current demo state', 2000);
    expect(value.data).toEqual(demo({ explode: 0.6 }));
  });

  it('lets the host close the demo (productId null)', async () => {
    const host = await open(hostCookie);
    await host.subscribe(show);
    setDemo(host, demo({ productId: null, variantId: null }));
    const late = await open();
    await late.subscribe(show);
    const value = await late.waitFor(() => demoValues(late).find((v) => (v.data as Demo3dState).productId === null), 'the closed demo', 2000);
    expect(value.data).toMatchObject({ productId: null });
  });
});
