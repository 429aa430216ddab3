// Try-on snapshots in a room through the real server: type by magic bytes, size limit, real
// decoding and re-encoding with sharp (metadata gone, size capped), members-only reading, the
// announcement on the channel, the cap per room, and deletion with the room.
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ServerEvent } from '../../common/realtime';
import { roomInviteHeader, roomMaxSnapshots, roomSnapshotMaxBytes, type RoomCreated, type RoomSnapshot, type RoomView } from '../../common/rooms';
import { roomSnapshots } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

/** A real camera-like picture: a gradient, with EXIF that must not survive (the location of a home). */
async function photo(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    raw[i * 3] = (i % width) % 256;
    raw[i * 3 + 1] = Math.floor(i / width) % 256;
    raw[i * 3 + 2] = 128;
  }
  const withExif = sharp(raw, { raw: { width, height, channels: 3 } }).withExif({ IFD0: { Make: 'SecretCam', Model: 'Serial-0042', ImageDescription: 'at home, 35.6N 139.7E' } });
  return withExif[format]().toBuffer();
}

describe.each(testBackends)('room snapshots on %s', (backend) => {
  let server: TestServer;
  let room: RoomCreated;
  let owner: TestClient;
  let friend: TestClient;
  let h: Record<string, string>;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    owner = server.client();
    room = (await owner.post('/api/rooms', { showId: 'show-summer-eyewear', displayName: 'Aki' })).body;
    h = { [roomInviteHeader]: room.inviteToken };
    friend = server.client();
    expect((await friend.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Bo' }, h)).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  const upload = (client: TestClient, body: Buffer | string, type: string, extra: Record<string, string> = {}) =>
    client.post<RoomSnapshot>(`/api/rooms/${room.room.id}/snapshots`, body, { ...h, 'content-type': type, ...extra });

  it('re-encodes a snapshot (upright, at most 1280 px, no metadata), announces it and shows it to members only', async () => {
    const ws = await WsTestClient.open(server.url, { cookie: owner.cookieHeader });
    sockets.push(ws);
    const channel: Channel = `room:${room.room.id}`;
    await ws.subscribe(channel);

    const original = await photo(2000, 1000);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(friend, original, 'image/jpeg', { 'X-Room-Product': 'aviator-sunglasses' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const me = (await friend.get<RoomView>(`/api/rooms/${room.room.id}`, h)).body.me;
    expect(res.body).toMatchObject({ memberId: me.id, width: 1280, height: 640, contentType: 'image/jpeg', productId: 'aviator-sunglasses' });
    expect(res.body.url).toBe(`/api/rooms/${room.room.id}/snapshots/${res.body.id}`);

    const event = await ws.waitFor((r) => r.find((m) => m.op === 'event' && m.type === 'room.snapshot'), 'the announcement');
    expect((event as ServerEvent).data).toEqual({ snapshot: res.body, removed: [] });

    const image = await owner.get(res.body.url, h);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('private, no-store');
    const bytes = Buffer.from(await (await fetch(server.url + res.body.url, { headers: { ...h, cookie: owner.cookieHeader } })).arrayBuffer());
    expect(bytes.length).toBe(res.body.bytes);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 640]);
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('SecretCam'))).toBe(false);

    // Not a member, or no invite: nothing to see.
    const stranger = server.client();
    expect((await stranger.get(res.body.url, h)).status).toBe(403);
    expect((await stranger.get(res.body.url)).status).toBe(404);
    expect((await owner.get(res.body.url)).status).toBe(404);
    expect((await owner.get(`/api/rooms/${room.room.id}/snapshots/${crypto.randomUUID()}`, h)).status).toBe(404);
    // And in the room's state for whoever comes later.
    expect((await owner.get<RoomView>(`/api/rooms/${room.room.id}`, h)).body.snapshots.map((s) => s.id)).toContain(res.body.id);
  });

  it('takes PNG and WebP, flattening transparency, and keeps small pictures at their size', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const fromPng = await upload(friend, png, 'image/png');
    expect(fromPng.status).toBe(201);
    expect([fromPng.body.width, fromPng.body.height, fromPng.body.contentType]).toEqual([300, 200, 'image/jpeg']);
    const webp = await photo(640, 480, 'webp');
    const fromWebp = await upload(friend, webp, 'image/webp; charset=binary');
    expect(fromWebp.status).toBe(201);
    expect([fromWebp.body.width, fromWebp.body.height]).toEqual([640, 480]);
  });

  it('refuses what is not a JPEG, PNG or WebP image, says what it is not, and stores nothing', async () => {
    const before = (await server.services.database.db.select({ id: roomSnapshots.id }).from(roomSnapshots)).length;
    const jpeg = await photo(64, 64);
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const cases: [Buffer | string, string, number, string][] = [
      [jpeg, 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [jpeg, 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [gif, 'image/gif', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [svg, 'image/svg+xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      // The bytes decide, not the label.
      [gif, 'image/jpeg', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [svg, 'image/png', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [jpeg, 'image/png', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      // A JPEG's first bytes and then rubbish: not an image.
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]), 'image/jpeg', 400, 'VALIDATION_FAILED'],
      // Cut short.
      [jpeg.subarray(0, Math.floor(jpeg.length / 3)), 'image/jpeg', 400, 'VALIDATION_FAILED'],
      [Buffer.alloc(0), 'image/jpeg', 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await upload(friend, body, type);
      expect([res.status, (res.body as unknown as { error: { code: string } }).error?.code], `${type}, ${body.length} bytes`).toEqual([status, code]);
    }
    expect((await server.services.database.db.select({ id: roomSnapshots.id }).from(roomSnapshots)).length).toBe(before);
  });

  it('refuses a snapshot over 2 MB, and strangers before their upload is read', async () => {
    const big = Buffer.concat([await photo(64, 64), Buffer.alloc(roomSnapshotMaxBytes)]);
    const tooBig = await upload(friend, big, 'image/jpeg');
    expect([tooBig.status, (tooBig.body as unknown as { error: { code: string } }).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const stranger = server.client();
    const res = await upload(stranger, await photo(64, 64), 'image/jpeg');
    expect([res.status, (res.body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'ROOM_NOT_MEMBER']);
    const wrongInvite = await stranger.post(`/api/rooms/${room.room.id}/snapshots`, await photo(64, 64), { [roomInviteHeader]: 'B'.repeat(43), 'content-type': 'image/jpeg' });
    expect(wrongInvite.status).toBe(404);
    const badProduct = await upload(friend, await photo(64, 64), 'image/jpeg', { 'X-Room-Product': '../../etc' });
    expect([badProduct.status, (badProduct.body as unknown as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    // Another site's page cannot post one with the member's cookies.
    const crossSite = await upload(friend, await photo(64, 64), 'image/jpeg', { origin: 'https://evil.example' });
    expect([crossSite.status, (crossSite.body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'ORIGIN_MISMATCH']);
  });

  it('keeps the newest snapshots up to the cap, and deletes them all with the room', async () => {
    const small = await photo(32, 32);
    let last: RoomSnapshot | null = null;
    const existing = (await owner.get<RoomView>(`/api/rooms/${room.room.id}`, h)).body.snapshots.length;
    for (let i = existing; i < roomMaxSnapshots + 1; i++) last = (await upload(owner, small, 'image/jpeg')).body;
    const list = (await owner.get<RoomView>(`/api/rooms/${room.room.id}`, h)).body.snapshots;
    expect(list).toHaveLength(roomMaxSnapshots);
    expect(list.at(-1)!.id).toBe(last!.id);

    expect((await owner.delete(`/api/rooms/${room.room.id}`, undefined, h)).status).toBe(200);
    expect(await server.services.database.db.select({ id: roomSnapshots.id }).from(roomSnapshots).where(eq(roomSnapshots.roomId, room.room.id))).toEqual([]);
    expect((await owner.get(last!.url, h)).status).toBe(404);
  });
});
