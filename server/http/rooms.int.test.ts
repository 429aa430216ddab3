// Co-shopping rooms through the real server, on each database backend: invite and membership on
// every route and on the channel, the member cap, removal, the shared cart under concurrent edits,
// votes and comments, "look at this", checkout of own lines and of the whole cart, and closing.
// Snapshots and media have their own files (rooms-snapshots.int.test.ts, rooms-media.int.test.ts).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ServerEvent, ServerMessage } from '../../common/realtime';
import type { RoomCart, RoomCreated, RoomState, RoomView } from '../../common/rooms';
import { roomInviteHeader, roomKey } from '../../common/rooms';
import { reservations, roomLines, roomMembers, rooms, stock } from '../adapters/db/schema';
import { createTestDatabase, startTestServer, testAddress, testBackends, testCard, type TestClient, type TestServer } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const variant = 'ceramic-mug-indigo';
const otherVariant = 'velvet-lipstick-ruby';
const thirdVariant = 'baseball-cap-navy';

/** One browser in a room: its cookies and the invite from its link. */
interface Friend {
  client: TestClient;
  invite: string;
  memberId: string;
  h: Record<string, string>;
}

const lastError = (r: ServerMessage[]) => r.filter((m) => m.op === 'error').at(-1);
const cartEvents = (ws: WsTestClient, channel: Channel) => ws.of('event', channel).filter((e) => e.type === 'room.cart') as ServerEvent[];
/** The cart a client shows: the highest version it has seen, from the snapshot and the events. */
function shownCart(ws: WsTestClient, channel: Channel): RoomCart | null {
  const snapshot = ws.of('snapshot', channel).at(-1)?.state as RoomState | undefined;
  let cart = snapshot?.cart ?? null;
  for (const e of cartEvents(ws, channel)) {
    const next = (e.data as { cart: RoomCart }).cart;
    if (!cart || next.version >= cart.version) cart = next;
  }
  return cart;
}

describe.each(testBackends)('co-shopping rooms on %s', (backend) => {
  let server: TestServer;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, env: { ROOM_MAX_MEMBERS: '4' } });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  const headers = (invite: string) => ({ [roomInviteHeader]: invite });

  async function createRoom(name = 'Aki', showId: string | null = 'show-summer-eyewear'): Promise<{ owner: Friend; room: RoomCreated }> {
    const client = server.client();
    const res = await client.post<RoomCreated>('/api/rooms', { showId, displayName: name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const room = res.body;
    return { room, owner: { client, invite: room.inviteToken, memberId: room.me.id, h: headers(room.inviteToken) } };
  }

  async function join(room: RoomCreated, name: string, client = server.client()): Promise<Friend> {
    const res = await client.post<RoomView>(`/api/rooms/${room.room.id}/join`, { displayName: name }, headers(room.inviteToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { client, invite: room.inviteToken, memberId: res.body.me.id, h: headers(room.inviteToken) };
  }

  async function socketOf(friend: Friend | TestClient) {
    const client = 'client' in friend ? friend.client : friend;
    const ws = await WsTestClient.open(server.url, client.cookieHeader ? { cookie: client.cookieHeader } : {});
    sockets.push(ws);
    await ws.waitFor(() => ws.connectionId, 'hello');
    return ws;
  }

  describe('invites and membership', () => {
    it('creates a room with a one-time invite link whose token is stored only as a hash', async () => {
      const { room } = await createRoom();
      expect(room.inviteUrl).toBe(`/rooms/${room.room.id}?invite=${room.inviteToken}`);
      expect(room.inviteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(room.me.role).toBe('owner');
      expect(room.members).toEqual([room.me]);
      expect(room.room).toMatchObject({ showId: 'show-summer-eyewear', ownerMemberId: room.me.id, maxMembers: 4 });
      expect(room.cart).toMatchObject({ lines: [], version: 0 });
      const [row] = await server.services.database.db.select().from(rooms).where(eq(rooms.id, room.room.id));
      expect(row!.inviteHash).not.toContain(room.inviteToken);
      // Nowhere else is the token handed out again.
      const again = await server.client().post(`/api/rooms/${room.room.id}/join`, { displayName: 'Bo' }, headers(room.inviteToken));
      expect(JSON.stringify(again.body)).not.toContain(room.inviteToken);
    });

    it('refuses a show that does not exist or has ended, and takes null for browsing together', async () => {
      const missing = await server.client().post('/api/rooms', { showId: 'no-such-show', displayName: 'Aki' });
      expect(missing.status).toBe(404);
      const browsing = await server.client().post('/api/rooms', { showId: null, displayName: 'Aki' });
      expect(browsing.status).toBe(201);
      expect(browsing.body.room.showId).toBeNull();
    });

    it('validates display names and refuses unknown fields', async () => {
      for (const displayName of ['', '   ', 'x'.repeat(31), 'two\nlines', 'bell\u0007']) {
        const res = await server.client().post('/api/rooms', { showId: null, displayName });
        expect(res.status, JSON.stringify(displayName)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      const extra = await server.client().post('/api/rooms', { showId: null, displayName: 'Aki', maxMembers: 50 });
      expect(extra.status).toBe(400);
    });

    it('checks the invite and the membership on every route', async () => {
      const { room, owner } = await createRoom();
      const id = room.room.id;
      const line = await owner.client.post(`/api/rooms/${id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h);
      expect(line.status).toBe(201);
      const lineId = line.body.lines[0].id as string;
      const routes: [string, string, unknown][] = [
        ['GET', `/api/rooms/${id}`, undefined],
        ['DELETE', `/api/rooms/${id}`, undefined],
        ['DELETE', `/api/rooms/${id}/members/${owner.memberId}`, undefined],
        ['POST', `/api/rooms/${id}/token`, {}],
        ['POST', `/api/rooms/${id}/share`, { productId: 'ceramic-mug', variantId: null }],
        ['POST', `/api/rooms/${id}/cart/lines`, { variantId: variant, quantity: 1 }],
        ['PATCH', `/api/rooms/${id}/cart/lines/${lineId}`, { quantity: 2 }],
        ['DELETE', `/api/rooms/${id}/cart/lines/${lineId}`, undefined],
        ['PUT', `/api/rooms/${id}/cart/lines/${lineId}/vote`, { vote: 'up' }],
        ['POST', `/api/rooms/${id}/cart/lines/${lineId}/comments`, { text: 'hi' }],
        ['POST', `/api/rooms/${id}/checkout`, { scope: 'all', address: testAddress }],
        ['GET', `/api/rooms/${id}/snapshots/${crypto.randomUUID()}`, undefined],
        ['POST', `/api/rooms/${id}/snapshots`, undefined],
      ];
      const stranger = server.client();
      await stranger.get('/api/me');
      const wrong = headers('A'.repeat(43));
      for (const [method, path, body] of routes) {
        const extra = { 'Idempotency-Key': `key-${crypto.randomUUID()}` };
        // No invite, a wrong one, and the owner's own session with a wrong one: all "not found".
        for (const [who, h] of [
          [stranger, {}],
          [stranger, wrong],
          [owner.client, wrong],
        ] as const) {
          const res = await who.request(method, path, body, { ...h, ...extra });
          expect(res.status, `${method} ${path} ${JSON.stringify(h)}`).toBe(404);
          expect(res.body.error.code).toBe('NOT_FOUND');
        }
        // The right invite without joining: not a member yet.
        const res = await stranger.request(method, path, body, { ...owner.h, ...extra });
        expect(res.status, `${method} ${path} as a non-member`).toBe(403);
        expect(res.body.error.code).toBe('ROOM_NOT_MEMBER');
      }
      // A room id that is not one is a 404 as well.
      expect((await owner.client.get('/api/rooms/not-a-room', owner.h)).status).toBe(404);
      // Nothing changed.
      const view = await owner.client.get<RoomView>(`/api/rooms/${id}`, owner.h);
      expect(view.body.cart.lines).toHaveLength(1);
      expect(view.body.cart.lines[0]!.quantity).toBe(1);
    });

    it('lets friends join by the link with a name, up to the cap, also when they arrive together', async () => {
      const { room, owner } = await createRoom();
      const ws = await socketOf(owner);
      const channel: Channel = `room:${room.room.id}`;
      await ws.subscribe(channel);
      // Five at once for three free places.
      const clients = Array.from({ length: 5 }, () => server.client());
      const results = await Promise.all(clients.map((c, i) => c.post(`/api/rooms/${room.room.id}/join`, { displayName: `Friend ${i}` }, owner.h)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(3);
      const full = results.filter((r) => r.status !== 200);
      expect(full.map((r) => [r.status, r.body.error.code])).toEqual([
        [409, 'ROOM_FULL'],
        [409, 'ROOM_FULL'],
      ]);
      const view = await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h);
      expect(view.body.members).toHaveLength(4);
      expect(view.body.members[0]!.role).toBe('owner');
      // Joining again renames, and takes no second place.
      const joined = clients[results.findIndex((r) => r.status === 200)]!;
      const again = await joined.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Renamed' }, owner.h);
      expect(again.status).toBe(200);
      expect(again.body.members).toHaveLength(4);
      expect(again.body.me.displayName).toBe('Renamed');
      // Everyone hears of the member list as it changes.
      const lists = await ws.waitFor(
        (r) => r.filter((m) => m.op === 'event' && m.type === 'room.members').map((m) => (m as ServerEvent).data as { members: { displayName: string }[] }).find((d) => d.members.some((x) => x.displayName === 'Renamed')),
        'the renamed member',
      );
      expect(lists.members).toHaveLength(4);
    });

    it('lets the owner remove a member, who loses access at once, socket included, and cannot come back', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const cy = await join(room, 'Cy');
      const boSocket = await socketOf(bo);
      const cySocket = await socketOf(cy);
      expect((await boSocket.subscribe(channel)).op).toBe('snapshot');
      expect((await cySocket.subscribe(channel)).op).toBe('snapshot');
      // Cy's permission to set its own value is cached by the socket: it must go too.
      cySocket.send({ op: 'ephemeral', channel, key: roomKey('member', cy.memberId), data: { online: true, speaking: false, camera: false, mic: false, tryingOn: null } });
      await boSocket.waitFor((r) => r.some((m) => m.op === 'ephemeral' && m.key === roomKey('member', cy.memberId)), 'Cy’s presence');

      // Only the owner removes.
      const byBo = await bo.client.delete(`/api/rooms/${room.room.id}/members/${cy.memberId}`, undefined, bo.h);
      expect([byBo.status, byBo.body.error.code]).toEqual([403, 'FORBIDDEN']);
      const removed = await owner.client.delete(`/api/rooms/${room.room.id}/members/${cy.memberId}`, undefined, owner.h);
      expect(removed.status).toBe(200);
      expect(removed.body.members.map((m: { id: string }) => m.id)).not.toContain(cy.memberId);

      expect(await cySocket.waitFor(lastError, 'the revocation')).toMatchObject({ code: 'ROOM_REMOVED', channel });
      const before = cySocket.of('event', channel).length;
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h);
      await boSocket.waitFor((r) => r.some((m) => m.op === 'event' && m.type === 'room.cart'), 'the cart on Bo’s socket');
      await cySocket.roundTrip();
      expect(cySocket.of('event', channel)).toHaveLength(before);
      cySocket.send({ op: 'ephemeral', channel, key: roomKey('member', cy.memberId), data: { online: true, speaking: true, camera: false, mic: false, tryingOn: null } });
      expect(await cySocket.waitFor((r) => r.filter((m) => m.op === 'error').length >= 2 && lastError(r), 'the refused value')).toMatchObject({ code: 'FORBIDDEN' });
      expect(await cySocket.subscribe(channel)).toMatchObject({ op: 'error', code: 'FORBIDDEN' });

      for (const res of [
        await cy.client.get(`/api/rooms/${room.room.id}`, cy.h),
        await cy.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, cy.h),
        await cy.client.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Cy again' }, cy.h),
      ]) {
        expect([res.status, res.body.error.code]).toEqual([403, 'ROOM_REMOVED']);
      }
      // A fresh session from the same browser (its `bid` cookie) is still the removed member.
      const sameBrowser = server.client();
      sameBrowser.setCookie('bid', /bid=([^;]+)/.exec(cy.client.cookieHeader)![1]!);
      const back = await sameBrowser.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Cy' }, owner.h);
      expect([back.status, back.body.error.code]).toEqual([403, 'ROOM_REMOVED']);
      // The owner cannot be removed or leave; a member who leaves may come back.
      const ownerLeaves = await owner.client.delete(`/api/rooms/${room.room.id}/members/${owner.memberId}`, undefined, owner.h);
      expect(ownerLeaves.status).toBe(409);
      expect((await bo.client.delete(`/api/rooms/${room.room.id}/members/${bo.memberId}`, undefined, bo.h)).status).toBe(200);
      expect((await bo.client.get(`/api/rooms/${room.room.id}`, bo.h)).body.error.code).toBe('ROOM_NOT_MEMBER');
      expect((await bo.client.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Bo' }, bo.h)).status).toBe(200);
      const rows = await server.services.database.db.select().from(roomMembers).where(eq(roomMembers.roomId, room.room.id));
      expect(rows.find((m) => m.id === cy.memberId)?.removedAt).not.toBeNull();
    });
  });

  describe('the room channel', () => {
    it('is for current members only, who set their own values and publish no server events', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const strangerSocket = await socketOf(server.client());
      expect(await strangerSocket.subscribe(channel)).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      // A stranger with a session of its own is no better.
      const other = server.client();
      await other.post('/api/rooms', { showId: null, displayName: 'Elsewhere' });
      const otherSocket = await socketOf(other);
      expect(await otherSocket.subscribe(channel)).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
      otherSocket.send({ op: 'ephemeral', channel, key: roomKey('member', owner.memberId), data: {} });
      expect(await otherSocket.waitFor((r) => r.filter((m) => m.op === 'error').length >= 2 && lastError(r), 'refusal')).toMatchObject({ code: 'FORBIDDEN' });

      const ownerSocket = await socketOf(owner);
      const boSocket = await socketOf(bo);
      const snapshot = await ownerSocket.subscribe(channel);
      expect(snapshot.op).toBe('snapshot');
      const state = (snapshot as { state: RoomState }).state;
      expect(state.members.map((m) => m.displayName)).toEqual(['Aki', 'Bo']);
      expect(state.room.id).toBe(room.room.id);
      await boSocket.subscribe(channel);

      const look = { productId: 'aviator-sunglasses', variantId: null, camera: { position: [0, 0, 1], target: [0, 0, 0] }, hotspot: null, explode: 0 };
      boSocket.send({ op: 'ephemeral', channel, key: roomKey('look3d', bo.memberId), data: look });
      const seen = await ownerSocket.waitFor((r) => r.find((m) => m.op === 'ephemeral' && m.key === roomKey('look3d', bo.memberId)), 'Bo’s 3D view');
      expect(seen).toMatchObject({ data: look });
      // A value that is not what its key holds goes nowhere.
      boSocket.send({ op: 'ephemeral', channel, key: roomKey('look3d', bo.memberId), data: { ...look, explode: 7 } });
      expect(await boSocket.waitFor(lastError, 'refusal')).toMatchObject({ code: 'VALIDATION_FAILED' });
      boSocket.send({ op: 'ephemeral', channel, key: roomKey('reaction', bo.memberId), data: { kind: 'heart', n: 3 } });
      expect(await ownerSocket.waitFor((r) => r.find((m) => m.op === 'ephemeral' && m.key === roomKey('reaction', bo.memberId)), 'Bo’s hearts')).toMatchObject({ data: { kind: 'heart', n: 3 } });
      expect(ownerSocket.received.filter((m) => m.op === 'ephemeral' && m.key === roomKey('look3d', bo.memberId))).toHaveLength(1);
      // Someone else's key, a key of no kind, a server event.
      const errorsBefore = boSocket.of('error').length;
      boSocket.send({ op: 'ephemeral', channel, key: roomKey('look3d', owner.memberId), data: look });
      expect(await boSocket.waitFor((r) => r.filter((m) => m.op === 'error').length > errorsBefore && lastError(r), 'refusal')).toMatchObject({ code: 'FORBIDDEN' });
      boSocket.send({ op: 'publish', channel, type: 'room.cart', data: { cart: { lines: [] } }, ref: 'fake-cart' });
      expect(await boSocket.waitFor((r) => r.find((m) => m.op === 'error' && m.ref === 'fake-cart'), 'refusal')).toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('shares a product ("look at this") with everyone, and keeps it in the snapshot', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const boSocket = await socketOf(bo);
      await boSocket.subscribe(channel);
      const res = await owner.client.post(`/api/rooms/${room.room.id}/share`, { productId: 'aviator-sunglasses', variantId: 'aviator-sunglasses-gold' }, owner.h);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ memberId: owner.memberId, productId: 'aviator-sunglasses', variantId: 'aviator-sunglasses-gold' });
      const event = await boSocket.waitFor((r) => r.find((m) => m.op === 'event' && m.type === 'room.shared'), 'the share');
      expect((event as ServerEvent).data).toEqual({ share: res.body });
      expect((await bo.client.get(`/api/rooms/${room.room.id}`, bo.h)).body.share).toEqual(res.body);
      const wrongVariant = await owner.client.post(`/api/rooms/${room.room.id}/share`, { productId: 'aviator-sunglasses', variantId: 'ceramic-mug-white' }, owner.h);
      expect(wrongVariant.status).toBe(404);
      expect((await owner.client.post(`/api/rooms/${room.room.id}/share`, { productId: 'nope', variantId: null }, owner.h)).status).toBe(404);
    });

    it('expires rooms nobody changed for a day, with everything in them', async () => {
      const db = server.services.database.db;
      const { room, owner } = await createRoom();
      const fresh = await createRoom('Fresh');
      const channel: Channel = `room:${room.room.id}`;
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h);
      const ws = await socketOf(owner);
      await ws.subscribe(channel);
      await db.update(rooms).set({ lastActiveAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(rooms.id, room.room.id));
      expect(await server.services.rooms.expireIdle()).toBeGreaterThanOrEqual(1);
      await ws.waitFor((r) => r.some((m) => m.op === 'event' && m.type === 'room.closed'), 'room.closed');
      expect(await ws.waitFor(lastError, 'the end of the subscription')).toMatchObject({ code: 'NOT_FOUND' });
      expect((await owner.client.get(`/api/rooms/${room.room.id}`, owner.h)).status).toBe(404);
      expect(await db.select().from(roomLines).where(eq(roomLines.roomId, room.room.id))).toEqual([]);
      expect((await fresh.owner.client.get(`/api/rooms/${fresh.room.room.id}`, fresh.owner.h)).status).toBe(200);
    });

    it('closes: members hear it, lose the channel, and the room is gone', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const boSocket = await socketOf(bo);
      await boSocket.subscribe(channel);
      expect((await bo.client.delete(`/api/rooms/${room.room.id}`, undefined, bo.h)).status).toBe(403);
      expect((await owner.client.delete(`/api/rooms/${room.room.id}`, undefined, owner.h)).body).toEqual({ closed: true });
      await boSocket.waitFor((r) => r.some((m) => m.op === 'event' && m.type === 'room.closed'), 'room.closed');
      expect(await boSocket.waitFor(lastError, 'the end of the subscription')).toMatchObject({ code: 'NOT_FOUND', channel });
      expect((await bo.client.get(`/api/rooms/${room.room.id}`, bo.h)).status).toBe(404);
      expect(await server.services.database.db.select().from(roomMembers).where(eq(roomMembers.roomId, room.room.id))).toEqual([]);
    });
  });

  describe('the shared cart', () => {
    it('converges under concurrent edits from several members, and a reconnecting member sees it as the others do', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const cy = await join(room, 'Cy');
      const friends = [owner, bo, cy];
      const socketsOf = await Promise.all(friends.map((f) => socketOf(f)));
      await Promise.all(socketsOf.map((ws) => ws.subscribe(channel)));

      // Everyone adds the same mug three times at once, and one other thing each.
      const adds = friends.flatMap((f, i) => [
        ...Array.from({ length: 3 }, () => f.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, f.h)),
        f.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: [otherVariant, thirdVariant, otherVariant][i], quantity: i + 1 }, f.h),
      ]);
      const results = await Promise.all(adds);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));

      const final = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(final.version).toBe(12);
      // One line per member and variant, quantities summed: nothing lost, nothing doubled.
      const summary = final.lines.map((l) => `${l.addedBy}:${l.variantId}:${l.quantity}`).sort();
      expect(summary).toEqual(
        [`${owner.memberId}:${variant}:3`, `${bo.memberId}:${variant}:3`, `${cy.memberId}:${variant}:3`, `${owner.memberId}:${otherVariant}:1`, `${bo.memberId}:${thirdVariant}:2`, `${cy.memberId}:${otherVariant}:3`].sort(),
      );
      expect(final.openTotals.subtotal.amount).toBe(final.lines.reduce((s, l) => s + l.lineTotal.amount, 0));

      // Every member's socket ends at the same cart, whatever order the events arrived in.
      for (const ws of socketsOf) {
        await ws.waitFor(() => shownCart(ws, channel)?.version === final.version, 'the last cart');
        expect(shownCart(ws, channel)).toEqual(final);
      }
      // A member who reconnects (no last sequence) gets it in the snapshot.
      const again = await socketOf(bo);
      const snap = await again.subscribe(channel);
      expect((snap as { state: RoomState }).state.cart).toEqual(final);
      // …and one who reconnects with its last sequence gets the missed events and ends at the same cart.
      const lastSeq = socketsOf[2]!.seqs(channel).at(-1)!;
      await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: thirdVariant, quantity: 1 }, bo.h);
      const resumed = await socketOf(cy);
      await resumed.subscribe(channel, lastSeq);
      const latest = (await cy.client.get<RoomView>(`/api/rooms/${room.room.id}`, cy.h)).body.cart;
      await resumed.waitFor(() => cartEvents(resumed, channel).some((e) => (e.data as { cart: RoomCart }).cart.version === latest.version), 'the missed cart');
    });

    it('changes and removes open lines, with stock and quantity rules', async () => {
      const { room, owner } = await createRoom();
      const bo = await join(room, 'Bo');
      const added = await owner.client.post<RoomCart>(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 2 }, owner.h);
      const lineId = added.body.lines[0]!.id;
      expect(added.body.lines[0]).toMatchObject({ addedBy: owner.memberId, status: 'open', paidBy: null, quantity: 2, votes: { up: [], down: [] }, comments: [] });
      // Any member may change a line (it is a shared cart).
      const changed = await bo.client.patch<RoomCart>(`/api/rooms/${room.room.id}/cart/lines/${lineId}`, { quantity: 5 }, bo.h);
      expect(changed.body.lines[0]!.quantity).toBe(5);
      expect((await bo.client.patch(`/api/rooms/${room.room.id}/cart/lines/${lineId}`, { quantity: 21 }, bo.h)).status).toBe(400);
      expect((await bo.client.patch(`/api/rooms/${room.room.id}/cart/lines/${lineId}`, { quantity: 0 }, bo.h)).status).toBe(400);
      const tooMany = await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: 'signet-ring-9', quantity: 11 }, bo.h);
      expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
      expect((await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: 'no-such', quantity: 1 }, bo.h)).status).toBe(404);
      expect((await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1, price: 1 }, bo.h)).status).toBe(400);
      // A line of another room is not found here.
      const other = await createRoom('Zed');
      const foreign = await other.owner.client.post<RoomCart>(`/api/rooms/${other.room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, other.owner.h);
      const foreignLine = foreign.body.lines[0]!.id;
      expect((await owner.client.delete(`/api/rooms/${room.room.id}/cart/lines/${foreignLine}`, undefined, owner.h)).status).toBe(404);
      const removed = await bo.client.delete<RoomCart>(`/api/rooms/${room.room.id}/cart/lines/${lineId}`, undefined, bo.h);
      expect(removed.body.lines).toEqual([]);
    });

    it('keeps one vote per member per line, and plain-text comments of bounded length', async () => {
      const { room, owner } = await createRoom();
      const bo = await join(room, 'Bo');
      const cy = await join(room, 'Cy');
      const lineId = (await owner.client.post<RoomCart>(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h)).body.lines[0]!.id;
      const votePath = `/api/rooms/${room.room.id}/cart/lines/${lineId}/vote`;
      // The same vote sent twice at once is one vote.
      await Promise.all([bo.client.put(votePath, { vote: 'up' }, bo.h), bo.client.put(votePath, { vote: 'up' }, bo.h), cy.client.put(votePath, { vote: 'down' }, cy.h)]);
      let cart = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(cart.lines[0]!.votes).toEqual({ up: [bo.memberId], down: [cy.memberId] });
      await cy.client.put(votePath, { vote: 'up' }, cy.h);
      cart = (await bo.client.put<RoomCart>(votePath, { vote: null }, bo.h)).body;
      expect(cart.lines[0]!.votes).toEqual({ up: [cy.memberId], down: [] });
      expect((await bo.client.put(votePath, { vote: 'meh' }, bo.h)).status).toBe(400);

      const commentPath = `/api/rooms/${room.room.id}/cart/lines/${lineId}/comments`;
      const html = '<img src=x onerror=alert(1)> looks good';
      const commented = await cy.client.post<RoomCart>(commentPath, { text: `  ${html}  ` }, cy.h);
      expect(commented.status).toBe(201);
      expect(commented.body.lines[0]!.comments).toEqual([{ id: expect.any(String), memberId: cy.memberId, text: html, at: expect.any(String) }]);
      expect((await cy.client.post(commentPath, { text: 'x'.repeat(201) }, cy.h)).status).toBe(400);
      expect((await cy.client.post(commentPath, { text: '   ' }, cy.h)).status).toBe(400);
      expect((await cy.client.post(commentPath, { text: 'null\u0000byte' }, cy.h)).status).toBe(400);
    });
  });

  describe('checkout from the room', () => {
    async function pay(friend: Friend, orderId: string) {
      const res = await friend.client.post('/api/payments/demo/confirm', { orderId, card: testCard });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    }
    const reservedOf = async (variantId: string) => (await server.services.database.db.select().from(stock).where(eq(stock.variantId, variantId)))[0]!;

    it('pays for one’s own lines, then another pays for the rest; lines follow their orders', async () => {
      const { room, owner } = await createRoom();
      const channel: Channel = `room:${room.room.id}`;
      const bo = await join(room, 'Bo');
      const ownerSocket = await socketOf(owner);
      await ownerSocket.subscribe(channel);
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 2 }, owner.h);
      await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: otherVariant, quantity: 1 }, bo.h);
      await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, bo.h);
      const reservedBefore = (await reservedOf(otherVariant)).reserved;

      const key = `room-bo-${crypto.randomUUID()}`;
      const mine = await bo.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'mine', address: testAddress }, { ...bo.h, 'Idempotency-Key': key });
      expect(mine.status, JSON.stringify(mine.body)).toBe(201);
      expect(mine.body.order.lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity]).sort()).toEqual([
        [otherVariant, 1],
        [variant, 1],
      ].sort());
      expect(mine.body.order.status).toBe('pending');
      expect(mine.body.payment.provider).toBe('demo');
      expect((await reservedOf(otherVariant)).reserved).toBe(reservedBefore + 1);
      const boLines = (mine.body.cart as RoomCart).lines.filter((l) => l.addedBy === bo.memberId);
      expect(boLines.map((l) => [l.status, l.paidBy])).toEqual([
        ['paying', bo.memberId],
        ['paying', bo.memberId],
      ]);
      // Being paid: nobody changes it any more.
      const locked = await owner.client.patch(`/api/rooms/${room.room.id}/cart/lines/${boLines[0]!.id}`, { quantity: 3 }, owner.h);
      expect([locked.status, locked.body.error.code]).toEqual([409, 'ROOM_LINE_LOCKED']);
      expect((await owner.client.delete(`/api/rooms/${room.room.id}/cart/lines/${boLines[0]!.id}`, undefined, owner.h)).status).toBe(409);
      // The same checkout again (a retry) is the same order.
      const retry = await bo.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'mine', address: testAddress }, { ...bo.h, 'Idempotency-Key': key });
      expect(retry.status).toBe(201);
      expect(retry.body.order.id).toBe(mine.body.order.id);
      // Nothing of Bo's is left open for Bo.
      const nothing = await bo.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'mine', address: testAddress }, { ...bo.h, 'Idempotency-Key': `room-bo-${crypto.randomUUID()}` });
      expect([nothing.status, nothing.body.error.code]).toEqual([400, 'CART_EMPTY']);

      await pay(bo, mine.body.order.id);
      const afterPay = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(afterPay.lines.filter((l) => l.addedBy === bo.memberId).map((l) => l.status)).toEqual(['bought', 'bought']);
      // Everyone saw it become bought.
      await ownerSocket.waitFor(() => shownCart(ownerSocket, channel)?.lines.filter((l) => l.status === 'bought').length === 2, 'the bought lines');

      // The owner pays for "the whole cart": what is still open.
      const all = await owner.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'all', address: testAddress }, { ...owner.h, 'Idempotency-Key': `room-aki-${crypto.randomUUID()}` });
      expect(all.status, JSON.stringify(all.body)).toBe(201);
      expect(all.body.order.lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity])).toEqual([[variant, 2]]);
      const paid = await pay(owner, all.body.order.id);
      expect(paid.status).toBe('paid');
      const order = (await owner.client.get(`/api/orders/${all.body.order.id}`)).body;
      expect(order.lines).toHaveLength(1);
      // Bo cannot read the owner's order.
      expect((await bo.client.get(`/api/orders/${all.body.order.id}`)).status).toBe(404);
      const end = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(end.lines.map((l) => l.status)).toEqual(['bought', 'bought', 'bought']);
      expect(end.openTotals.subtotal.amount).toBe(0);
    });

    it('one member pays for the whole cart: one order lists every line', async () => {
      const { room, owner } = await createRoom();
      const bo = await join(room, 'Bo');
      const cy = await join(room, 'Cy');
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h);
      await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: otherVariant, quantity: 2 }, bo.h);
      await cy.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: thirdVariant, quantity: 1 }, cy.h);
      const all = await owner.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'all', address: testAddress }, { ...owner.h, 'Idempotency-Key': `room-all-${crypto.randomUUID()}` });
      expect(all.status).toBe(201);
      expect(all.body.order.lines.map((l: { variantId: string }) => l.variantId).sort()).toEqual([variant, otherVariant, thirdVariant].sort());
      expect(all.body.cart.lines.every((l: { paidBy: string }) => l.paidBy === owner.memberId)).toBe(true);
      await pay(owner, all.body.order.id);
      const order = (await owner.client.get(`/api/orders/${all.body.order.id}`)).body;
      expect(order.status).toBe('paid');
      expect(order.lines).toHaveLength(3);
    });

    it('gives lines back when the order is cancelled, and never oversells', async () => {
      const db = server.services.database.db;
      await db.update(stock).set({ onHand: 2, reserved: 0 }).where(eq(stock.variantId, 'signet-ring-13'));
      const { room, owner } = await createRoom();
      const bo = await join(room, 'Bo');
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: 'signet-ring-13', quantity: 2 }, owner.h);
      await bo.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: 'signet-ring-13', quantity: 1 }, bo.h);
      // Both pay for their own at once: two units, three wanted.
      const [a, b] = await Promise.all([
        owner.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'mine', address: testAddress }, { ...owner.h, 'Idempotency-Key': `room-a-${crypto.randomUUID()}` }),
        bo.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'mine', address: testAddress }, { ...bo.h, 'Idempotency-Key': `room-b-${crypto.randomUUID()}` }),
      ]);
      const statuses = [a.status, b.status].sort();
      const [row] = await db.select().from(stock).where(eq(stock.variantId, 'signet-ring-13'));
      expect(row!.reserved).toBeLessThanOrEqual(2);
      expect(statuses).toContain(201);
      expect(statuses).toEqual([201, 409]);
      const loser = [a, b].find((r) => r.status !== 201)!;
      expect(['SOLD_OUT', 'INSUFFICIENT_STOCK']).toContain(loser.body.error.code);
      const cart = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      // The loser's line is open again; the winner's is being paid.
      expect(cart.lines.map((l) => l.status).sort()).toEqual(['open', 'paying']);

      // The winner cancels: the line opens again (the sweeper and the cancel both lead there).
      const winner = [a, b].find((r) => r.status === 201)!;
      const winnerClient = winner === a ? owner : bo;
      expect((await winnerClient.client.post(`/api/orders/${winner.body.order.id}/cancel`)).status).toBe(200);
      await server.services.rooms.reconcile();
      const reopened = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(reopened.lines.map((l) => [l.status, l.paidBy])).toEqual([
        ['open', null],
        ['open', null],
      ]);
      const held = await db.select().from(reservations).where(eq(reservations.orderId, winner.body.order.id));
      expect(held.every((r) => r.status === 'released')).toBe(true);
      await db.update(stock).set({ onHand: 10, reserved: 0 }).where(eq(stock.variantId, 'signet-ring-13'));
    });

    it('settles a claim whose checkout died before making an order', async () => {
      const db = server.services.database.db;
      const { room, owner } = await createRoom();
      const lineId = (await owner.client.post<RoomCart>(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h)).body.lines[0]!.id;
      // As a crash between claiming the lines and creating the order would leave it.
      await db.update(roomLines).set({ status: 'paying', paidBy: owner.memberId, checkoutKey: 'room-crashed-1', claimedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(roomLines.id, lineId));
      expect(await server.services.rooms.reconcile()).toBeGreaterThanOrEqual(1);
      const cart = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(cart.lines.map((l) => [l.status, l.paidBy])).toEqual([['open', null]]);
    });

    it('needs an Idempotency-Key and an address', async () => {
      const { room, owner } = await createRoom();
      await owner.client.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, owner.h);
      const noKey = await owner.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'all', address: testAddress }, owner.h);
      expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
      const noAddress = await owner.client.post(`/api/rooms/${room.room.id}/checkout`, { scope: 'all' }, { ...owner.h, 'Idempotency-Key': 'room-key-12345' });
      expect(noAddress.status).toBe(400);
      const cart = (await owner.client.get<RoomView>(`/api/rooms/${room.room.id}`, owner.h)).body.cart;
      expect(cart.lines[0]!.status).toBe('open');
    });
  });
});

// Two server instances on one PostgreSQL database: a removal decided on one ends the removed
// member's subscription on the other, where its socket is.
// PostgreSQL only: PGlite is one process by nature, so without TEST_DATABASE_URL there are no cases (not skipped ones).
describe.each(testBackends.filter((b) => b === 'postgres'))('co-shopping rooms across two instances on %s', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let first: TestServer;
  let second: TestServer;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
    first = await startTestServer({ databaseUrl: database.url });
    second = await startTestServer({ databaseUrl: database.url, seed: false });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  const openOn = async (server: TestServer, client: TestClient) => {
    const ws = await WsTestClient.open(server.url, { cookie: client.cookieHeader });
    sockets.push(ws);
    await ws.waitFor(() => ws.connectionId, 'hello');
    return ws;
  };

  it('ends a removed member’s subscription on the other instance, and everyone’s when the room closes', async () => {
    const owner = first.client();
    const room = (await owner.post<RoomCreated>('/api/rooms', { showId: null, displayName: 'Aki' })).body;
    const h = { [roomInviteHeader]: room.inviteToken };
    const channel: Channel = `room:${room.room.id}`;
    // Bo and Cy use the second instance; cookies are the database's, so any instance knows them.
    const bo = second.client();
    const cy = second.client();
    expect((await bo.post(`/api/rooms/${room.room.id}/join`, { displayName: 'Bo' }, h)).status).toBe(200);
    const cyJoined = await cy.post<RoomView>(`/api/rooms/${room.room.id}/join`, { displayName: 'Cy' }, h);
    const boSocket = await openOn(second, bo);
    const cySocket = await openOn(second, cy);
    expect((await boSocket.subscribe(channel)).op).toBe('snapshot');
    expect((await cySocket.subscribe(channel)).op).toBe('snapshot');

    expect((await owner.delete(`/api/rooms/${room.room.id}/members/${cyJoined.body.me.id}`, undefined, h)).status).toBe(200);
    expect(await cySocket.waitFor(lastError, 'the revocation on the other instance')).toMatchObject({ code: 'ROOM_REMOVED', channel });
    const cyEvents = cySocket.of('event', channel).length;
    await owner.post(`/api/rooms/${room.room.id}/cart/lines`, { variantId: variant, quantity: 1 }, h);
    await boSocket.waitFor((r) => r.some((m) => m.op === 'event' && m.type === 'room.cart'), 'the cart on the other instance');
    await cySocket.roundTrip();
    expect(cySocket.of('event', channel)).toHaveLength(cyEvents);

    expect((await owner.delete(`/api/rooms/${room.room.id}`, undefined, h)).status).toBe(200);
    expect(await boSocket.waitFor(lastError, 'the end of the subscription')).toMatchObject({ code: 'NOT_FOUND', channel });
  });
});
