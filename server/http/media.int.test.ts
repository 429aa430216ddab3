// Media access and LiveKit webhooks through the real server, on each database backend. Tokens are
// decoded with the LiveKit SDK's own verifier; webhooks are signed as a LiveKit server signs them.
import { eq } from 'drizzle-orm';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shows } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer } from '../test/harness';
import { liveKitWebhookBody, signLiveKitWebhook } from '../test/livekit';

const livekit = { url: 'wss://lk.example.test', apiKey: 'devkey', apiSecret: 'integration-secret-of-more-than-32-characters' };
const livekitEnv = { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret };
const demoPassword = 'live-shop-demo';
const tokenShow = 'show-summer-eyewear';
const webhookShow = 'show-gift-ideas';

async function signIn(server: TestServer, email: string): Promise<{ client: TestClient; userId: string }> {
  const client = server.client();
  const res = await client.post('/api/auth/login', { email, password: demoPassword });
  expect(res.status).toBe(200);
  return { client, userId: res.body.user.id };
}

async function decode(body: { kind: string; token?: string }): Promise<ClaimGrants> {
  expect(body.kind).toBe('livekit');
  return (await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(body.token!)) as ClaimGrants;
}

const subscribeOnly = (room: string) => ({ roomJoin: true, room, canSubscribe: true, canPublish: false, canPublishData: false, hidden: false });

describe.each(testBackends)('LiveKit media on %s', (backend) => {
  let server: TestServer;
  let hostId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, env: livekitEnv });
    hostId = (await signIn(server, 'host@live-shop.local')).userId;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function showRow(id: string) {
    const [row] = await server.services.database.db.select().from(shows).where(eq(shows.id, id));
    return row!;
  }

  async function listedState(id: string) {
    const res = await server.client().get('/api/shows');
    expect(res.status).toBe(200);
    return (res.body as { id: string; state: string }[]).find((s) => s.id === id)?.state ?? null;
  }

  /** Posts a webhook as LiveKit does; `authorization: null` leaves the header out. */
  async function deliver(body: string, options: { authorization?: string | null } = {}) {
    const authorization = options.authorization === undefined ? await signLiveKitWebhook(body, livekit) : options.authorization;
    return server.client().post('/api/webhooks/livekit', body, {
      'content-type': 'application/webhook+json',
      ...(authorization === null ? {} : { authorization }),
    });
  }

  it('reports LiveKit as the media provider', async () => {
    expect((await server.client().get('/api/health')).body.media).toBe('livekit');
  });

  it('gives the show’s host a token that publishes camera and microphone in the show room', async () => {
    const { client } = await signIn(server, 'host@live-shop.local');
    const res = await client.post(`/api/shows/${tokenShow}/token`, {});
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(livekit.url);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    const claims = await decode(res.body);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: `show-${tokenShow}`,
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canPublishData: true,
      canSubscribe: true,
      roomAdmin: false,
    });
    expect(claims.sub).toBe(`user:${hostId}`);
    expect(claims.name).toBe('Aiko (host)');
    expect(claims.exp! - claims.nbf!).toBe(600);
  });

  it('gives a guest a subscribe-only token under a stable guest identity and the name it chose', async () => {
    const guest = server.client();
    const first = await guest.post(`/api/shows/${tokenShow}/token`, { displayName: 'Mika' });
    expect(first.status).toBe(200);
    const claims = await decode(first.body);
    expect(claims.video).toEqual(subscribeOnly(`show-${tokenShow}`));
    expect(claims.sub).toMatch(/^guest:[A-Za-z0-9_-]{16}$/);
    expect(claims.name).toBe('Mika');
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'viewer' });
    // The session created for the first token names the guest the same way next time.
    expect(guest.cookieHeader).toContain('sid=');
    const again = await decode((await guest.post(`/api/shows/${tokenShow}/token`, {})).body);
    expect(again.sub).toBe(claims.sub);
    expect(again.name).toBe('Guest');
  });

  it('gives a signed-in shopper, and a host of no show here, subscribe-only tokens under their account names', async () => {
    const shopper = server.client();
    const registered = await shopper.post('/api/auth/register', { email: `viewer-${backend}@example.test`, password: 'a-long-password', displayName: 'Ken' });
    expect(registered.status).toBe(201);
    // A signed-in person cannot pose under another name.
    const res = await shopper.post(`/api/shows/${tokenShow}/token`, { displayName: 'Aiko (host)' });
    expect(res.status).toBe(200);
    const claims = await decode(res.body);
    expect(claims.video).toEqual(subscribeOnly(`show-${tokenShow}`));
    expect(claims.sub).toBe(`user:${registered.body.user.id}`);
    expect(claims.name).toBe('Ken');

    const { client: admin } = await signIn(server, 'admin@live-shop.local');
    expect((await decode((await admin.post(`/api/shows/${tokenShow}/token`, {})).body)).video).toEqual(subscribeOnly(`show-${tokenShow}`));
  });

  it('answers 404 for an unknown show and 400 for a malformed id or body', async () => {
    const unknown = await server.client().post('/api/shows/no-such-show/token', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const badId = await server.client().post('/api/shows/NOT%20AN%20ID/token', {});
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('VALIDATION_FAILED');
    const badBody = await server.client().post(`/api/shows/${tokenShow}/token`, { role: 'host' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('runs a show from its media room: live when the host joins, ended when the room finishes, each delivery once', async () => {
    const room = `show-${webhookShow}`;
    const host = { identity: `user:${hostId}`, sid: 'PA_host' };
    const viewer = { identity: 'guest:aaaaaaaaaaaaaaaa', sid: 'PA_viewer' };
    expect(await listedState(webhookShow)).toBe('scheduled');

    // An early viewer starts the room: the show is not live without its host.
    const started = await deliver(liveKitWebhookBody('room_started', { id: 'EV_started', room }));
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ received: true, outcome: 'applied', state: 'scheduled', viewerCount: 0 });
    const viewerJoined = await deliver(liveKitWebhookBody('participant_joined', { id: 'EV_viewer_in', room, participant: viewer }));
    expect(viewerJoined.body).toMatchObject({ outcome: 'applied', state: 'scheduled', viewerCount: 1 });
    expect(await listedState(webhookShow)).toBe('scheduled');

    const joinedAt = new Date('2030-01-01T12:00:00Z');
    const hostJoined = liveKitWebhookBody('participant_joined', { id: 'EV_host_in', room, participant: host, createdAt: joinedAt });
    expect((await deliver(hostJoined)).body).toMatchObject({ outcome: 'applied', state: 'live', viewerCount: 1 });
    expect(await listedState(webhookShow)).toBe('live');
    expect((await showRow(webhookShow)).startedAt).toEqual(joinedAt);

    // LiveKit retries: the same delivery again is acknowledged and changes nothing.
    const repeat = await deliver(hostJoined);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ received: true, outcome: 'duplicate' });
    expect((await deliver(liveKitWebhookBody('participant_joined', { id: 'EV_viewer_in', room, participant: viewer }))).body.outcome).toBe('duplicate');
    expect((await showRow(webhookShow)).startedAt).toEqual(joinedAt);
    expect(server.services.shows.viewerCount(webhookShow)).toBe(1);

    expect((await deliver(liveKitWebhookBody('participant_left', { id: 'EV_viewer_out', room, participant: viewer }))).body).toMatchObject({ viewerCount: 0 });

    const endedAt = new Date('2030-01-01T13:00:00Z');
    const finished = await deliver(liveKitWebhookBody('room_finished', { id: 'EV_finished', room, createdAt: endedAt }));
    expect(finished.body).toMatchObject({ outcome: 'applied', state: 'ended' });
    const row = await showRow(webhookShow);
    expect(row.state).toBe('ended');
    expect(row.endedAt).toEqual(endedAt);
    // Ended shows leave the storefront's list, and nobody gets a token for them any more.
    expect(await listedState(webhookShow)).toBeNull();
    const late = await server.client().post(`/api/shows/${webhookShow}/token`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_TRANSITION');

    // A host who reconnects after the end (a new event, not a retry) does not bring the show back.
    expect((await deliver(liveKitWebhookBody('participant_joined', { id: 'EV_host_back', room, participant: { ...host, sid: 'PA_host2' } }))).body).toMatchObject({
      state: 'ended',
    });
    expect((await showRow(webhookShow)).state).toBe('ended');
  });

  it('refuses a delivery with a bad or missing signature and changes nothing', async () => {
    const room = `show-${tokenShow}`;
    const hostJoined = liveKitWebhookBody('participant_joined', { id: 'EV_forged', room, participant: { identity: `user:${hostId}`, sid: 'PA_f' } });
    const otherBody = liveKitWebhookBody('participant_joined', { id: 'EV_other', room, participant: { identity: 'guest:bbbbbbbbbbbbbbbb', sid: 'PA_o' } });
    const attempts = [
      await deliver(hostJoined, { authorization: await signLiveKitWebhook(otherBody, livekit) }),
      await deliver(hostJoined, { authorization: await signLiveKitWebhook(hostJoined, { ...livekit, apiSecret: 'a-forger-secret-of-more-than-32-characters' }) }),
      await deliver(hostJoined, { authorization: null }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_SIGNATURE');
    }
    expect(await listedState(tokenShow)).toBe('scheduled');
    // Refused deliveries were not remembered: the genuine one, when it comes, still takes effect.
    expect((await deliver(hostJoined)).body).toMatchObject({ outcome: 'applied', state: 'live' });
    expect(await listedState(tokenShow)).toBe('live');
  });

  it('acknowledges verified events for rooms it does not run without acting on them', async () => {
    const coShop = await deliver(liveKitWebhookBody('room_started', { id: 'EV_coshop', room: 'room-abc' }));
    expect(coShop.status).toBe(200);
    expect(coShop.body).toEqual({ received: true, outcome: 'ignored' });
    const egress = await deliver(JSON.stringify({ event: 'egress_started', egressInfo: { egressId: 'EG_1' }, id: 'EV_egress', createdAt: '1900000000' }));
    expect(egress.body).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('media on the embedded default', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('hands out local-stage access and has no LiveKit webhook', async () => {
    expect((await server.client().get('/api/health')).body.media).toBe('local');
    const { client: host } = await signIn(server, 'host@live-shop.local');
    expect((await host.post(`/api/shows/${tokenShow}/token`, {})).body).toEqual({ kind: 'local' });
    const guest = await server.client().post(`/api/shows/${tokenShow}/token`, {});
    expect(guest.status).toBe(200);
    expect(guest.body).toEqual({ kind: 'local' });
    expect((await server.client().post('/api/shows/no-such-show/token', {})).status).toBe(404);

    const body = liveKitWebhookBody('room_started', { id: 'EV_local', room: `show-${tokenShow}` });
    const webhook = await server.client().post('/api/webhooks/livekit', body, {
      'content-type': 'application/webhook+json',
      authorization: await signLiveKitWebhook(body, livekit),
    });
    expect(webhook.status).toBe(404);
    expect(webhook.body.error.code).toBe('NOT_FOUND');
  });
});
