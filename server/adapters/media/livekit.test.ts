// LiveKit tokens and webhooks with the real SDK: tokens are decoded with its TokenVerifier, and
// webhooks are signed exactly as a LiveKit server signs them (test/livekit.ts), then read back
// through WebhookReceiver.
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../domain/errors';
import { coShopRoom, showRoom, type MediaGrantRequest } from '../../domain/media';
import { liveKitWebhookBody, signLiveKitWebhook } from '../../test/livekit';
import { createLiveKitMedia, tokenTtlSeconds } from './livekit';
import { createLocalMedia } from './local';

const config = { kind: 'livekit' as const, url: 'wss://lk.example.test', apiKey: 'devkey', apiSecret: 'a-test-secret-that-is-at-least-32-chars' };
const media = createLiveKitMedia(config);

const hostReq: MediaGrantRequest = { room: showRoom('summer'), identity: 'user:host-1', name: 'Aiko (host)', role: 'host' };
const viewerReq: MediaGrantRequest = { room: showRoom('summer'), identity: 'guest:abcdef0123456789', name: 'Guest', role: 'viewer' };
const coShopperReq: MediaGrantRequest = { room: coShopRoom('r1'), identity: 'user:friend-1', name: 'Ken', role: 'co-shopper' };

/** Mints a token through the adapter and decodes it with the SDK's verifier (signature, issuer and expiry checked). */
async function mint(req: MediaGrantRequest) {
  const access = await media.access(req);
  if (access.kind !== 'livekit') throw new Error(`expected a LiveKit access, got ${access.kind}`);
  const claims = (await new TokenVerifier(config.apiKey, config.apiSecret).verify(access.token)) as ClaimGrants;
  return { access, claims };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveKit tokens', () => {
  it('gives the host a grant to publish camera and microphone in the show room, and nothing more', async () => {
    const { access, claims } = await mint(hostReq);
    expect(access.url).toBe(config.url);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'show-summer',
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canPublishData: true,
      canSubscribe: true,
      roomAdmin: false,
    });
    expect(claims.sub).toBe('user:host-1');
    expect(claims.name).toBe('Aiko (host)');
    expect(claims.iss).toBe(config.apiKey);
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'host' });
  });

  it('gives a viewer a visible, subscribe-only grant: no tracks, no data', async () => {
    const { claims } = await mint(viewerReq);
    expect(claims.video).toEqual({ roomJoin: true, room: 'show-summer', canSubscribe: true, canPublish: false, canPublishData: false, hidden: false });
    expect(claims.video).not.toHaveProperty('canPublishSources');
    expect(claims.sub).toBe('guest:abcdef0123456789');
    expect(claims.name).toBe('Guest');
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'viewer' });
  });

  it('binds a co-shopper to its own co-shopping room, publishing camera and microphone only', async () => {
    const { claims } = await mint(coShopperReq);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'room-r1',
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canPublishData: true,
      canSubscribe: true,
    });
    expect(claims.sub).toBe('user:friend-1');
    expect(claims.name).toBe('Ken');
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'co-shopper' });
  });

  it('lives ten minutes, and tells the client when it expires', async () => {
    // A fixed clock: the expiry and not-before claims are then exact to the second.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-05-01T10:00:00.400Z') });
    for (const req of [hostReq, viewerReq, coShopperReq]) {
      const { access, claims } = await mint(req);
      // The SDK sets nbf (not iat) at signing time; the lifetime is exp - nbf.
      expect(claims.nbf).toBe(Date.parse('2030-05-01T10:00:00Z') / 1000);
      expect(claims.exp! - claims.nbf!).toBe(600);
      expect(tokenTtlSeconds).toBe(600);
      expect(access.expiresAt).toBe('2030-05-01T10:10:00.000Z');
    }
  });

  it('is signed with this server’s secret: another secret or another key does not verify it', async () => {
    const { access } = await mint(hostReq);
    const token = access.kind === 'livekit' ? access.token : '';
    await expect(new TokenVerifier(config.apiKey, 'another-secret-that-is-32-chars-long!!').verify(token)).rejects.toThrow();
    await expect(new TokenVerifier('otherkey', config.apiSecret).verify(token)).rejects.toThrow();
  });

  it('refuses a publish grant in a show room to anyone but the host role', async () => {
    for (const provider of [media, createLocalMedia()]) {
      const asCoShopper = provider.access({ ...coShopperReq, room: showRoom('summer') });
      await expect(asCoShopper).rejects.toBeInstanceOf(DomainError);
      await expect(asCoShopper).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses the host role outside a show room and any role in a room of no known kind', async () => {
    await expect(media.access({ ...hostReq, room: coShopRoom('r1') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(media.access({ ...viewerReq, room: 'lobby' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(media.access({ ...viewerReq, identity: '' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the embedded provider hands out no token: the local stage signals over the app’s WebSocket', async () => {
    await expect(createLocalMedia().access(hostReq)).resolves.toEqual({ kind: 'local' });
    await expect(createLocalMedia().access(viewerReq)).resolves.toEqual({ kind: 'local' });
    expect(createLocalMedia().parseWebhook).toBeUndefined();
  });
});

// ---------- webhooks ----------

const signWebhook = (body: string, options: { apiKey?: string; apiSecret?: string; ttl?: number } = {}) =>
  signLiveKitWebhook(body, { apiKey: options.apiKey ?? config.apiKey, apiSecret: options.apiSecret ?? config.apiSecret, ttlSeconds: options.ttl ?? 300 });

const webhookBody = (event: string, extra: { id?: string; participant?: { identity: string; sid: string } } = {}) =>
  liveKitWebhookBody(event, { id: extra.id ?? 'EV_abc123', room: 'show-summer', createdAt: new Date(1_900_000_000_000), ...extra });

describe('LiveKit webhooks', () => {
  it('accepts a correctly signed delivery and maps it to a media event', async () => {
    const body = webhookBody('participant_joined', { participant: { identity: 'guest:abcdef0123456789', sid: 'PA_1' } });
    const event = await media.parseWebhook!(body, await signWebhook(body));
    expect(event).toEqual({
      id: 'EV_abc123',
      kind: 'participant-joined',
      room: 'show-summer',
      at: new Date(1_900_000_000 * 1000),
      identity: 'guest:abcdef0123456789',
      participantId: 'PA_1',
    });
  });

  it('maps every room, participant and track event it acts on', async () => {
    const expected = {
      room_started: 'room-started',
      room_finished: 'room-finished',
      participant_joined: 'participant-joined',
      participant_left: 'participant-left',
      participant_connection_aborted: 'participant-left',
      track_published: 'track-published',
      track_unpublished: 'track-unpublished',
    };
    for (const [lk, kind] of Object.entries(expected)) {
      const body = webhookBody(lk, { id: `EV_${lk}` });
      const event = await media.parseWebhook!(body, await signWebhook(body));
      expect(event).toMatchObject({ id: `EV_${lk}`, kind, room: 'show-summer' });
    }
  });

  it('acknowledges events it does not act on as null, after verifying them', async () => {
    const body = JSON.stringify({ event: 'egress_started', egressInfo: { egressId: 'EG_1', roomName: 'show-summer' }, id: 'EV_eg', createdAt: '1900000000' });
    await expect(media.parseWebhook!(body, await signWebhook(body))).resolves.toBeNull();
    await expect(media.parseWebhook!(body, undefined)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('rejects a tampered body', async () => {
    const body = webhookBody('room_finished');
    const signature = await signWebhook(body);
    const tampered = body.replace('show-summer', 'show-gifts');
    expect(tampered).not.toBe(body);
    const result = media.parseWebhook!(tampered, signature);
    await expect(result).rejects.toBeInstanceOf(DomainError);
    await expect(result).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('rejects a signature made with another secret or another API key', async () => {
    const body = webhookBody('room_started');
    await expect(media.parseWebhook!(body, await signWebhook(body, { apiSecret: 'not-the-secret-but-also-32-chars-long' }))).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    await expect(media.parseWebhook!(body, await signWebhook(body, { apiKey: 'otherkey' }))).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('rejects a missing, empty or malformed Authorization header', async () => {
    const body = webhookBody('room_started');
    for (const header of [undefined, '', 'Bearer nonsense', 'a.b.c']) {
      await expect(media.parseWebhook!(body, header)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    }
  });

  it('rejects a signature that has expired (a replay of an old delivery)', async () => {
    const body = webhookBody('room_finished');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 15 * 60_000 });
    const stale = await signWebhook(body, { ttl: 300 });
    vi.useRealTimers();
    await expect(media.parseWebhook!(body, stale)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    // The same body signed now is fine: it is the age that was refused, not the content.
    await expect(media.parseWebhook!(body, await signWebhook(body))).resolves.toMatchObject({ kind: 'room-finished' });
  });
});
