// Voice and video among a room's members: LiveKit tokens with room-only co-shopper grants (checked
// with the real SDK's verifier), and the local mesh's signalling over /ws, between members of one
// room only.
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ServerDirect, ServerMessage } from '../../common/realtime';
import { roomInviteHeader, roomMediaIdentity, type RoomCreated, type RoomMeshDirectMessages } from '../../common/rooms';
import { startTestServer, testBackends, type TestClient, type TestServer } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const livekit = { url: 'wss://lk.example.test', apiKey: 'devkey', apiSecret: 'integration-secret-of-more-than-32-characters' };
const livekitEnv = { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret };
const offer = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

async function makeRoom(server: TestServer, friends: string[]) {
  const owner = server.client();
  const room = (await owner.post<RoomCreated>('/api/rooms', { showId: 'show-summer-eyewear', displayName: 'Aki' })).body;
  const h = { [roomInviteHeader]: room.inviteToken };
  const members: { client: TestClient; memberId: string }[] = [{ client: owner, memberId: room.me.id }];
  for (const name of friends) {
    const client = server.client();
    const res = await client.post(`/api/rooms/${room.room.id}/join`, { displayName: name }, h);
    expect(res.status).toBe(200);
    members.push({ client, memberId: res.body.me.id });
  }
  return { room, h, members };
}

describe.each(testBackends)('room media with LiveKit on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, env: livekitEnv });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives members a short-lived token to publish camera and microphone in their room alone', async () => {
    const { room, h, members } = await makeRoom(server, ['Bo']);
    const bo = members[1]!;
    const res = await bo.client.post(`/api/rooms/${room.room.id}/token`, {}, h);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'livekit', url: livekit.url, memberId: bo.memberId });
    const claims = (await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(res.body.token)) as ClaimGrants;
    expect(claims.sub).toBe(roomMediaIdentity(bo.memberId));
    expect(claims.name).toBe('Bo');
    expect(claims.video).toEqual({
      roomJoin: true,
      room: `room-${room.room.id}`,
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canPublishData: true,
      canSubscribe: true,
    });
    expect(JSON.parse(claims.metadata!)).toEqual({ role: 'co-shopper' });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    // Nobody outside the room gets one, and the body takes no room name or role.
    const stranger = server.client();
    expect((await stranger.post(`/api/rooms/${room.room.id}/token`, {}, h)).status).toBe(403);
    expect((await stranger.post(`/api/rooms/${room.room.id}/token`, {})).status).toBe(404);
    expect((await bo.client.post(`/api/rooms/${room.room.id}/token`, { role: 'host' }, h)).status).toBe(400);
  });
});

describe.each(testBackends)('room mesh on the local stage on %s', (backend) => {
  let server: TestServer;
  const sockets: WsTestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  const open = async (client: TestClient) => {
    const ws = await WsTestClient.open(server.url, client.cookieHeader ? { cookie: client.cookieHeader } : {});
    sockets.push(ws);
    await ws.waitFor(() => ws.connectionId, 'hello');
    return ws;
  };
  const directs = <T extends keyof RoomMeshDirectMessages>(ws: WsTestClient, channel: Channel, type: T) =>
    ws.received.filter((m): m is ServerDirect => m.op === 'direct' && m.type === type && m.channel === channel).map((m) => m.data as RoomMeshDirectMessages[T]);
  const waitDirect = <T extends keyof RoomMeshDirectMessages>(ws: WsTestClient, channel: Channel, type: T, count = 1) =>
    ws.waitFor(() => directs(ws, channel, type).length >= count && directs(ws, channel, type)[count - 1], `${type} #${count}`);
  const lastError = (r: ServerMessage[]) => r.filter((m) => m.op === 'error').at(-1);

  it('tells local members to use the mesh', async () => {
    const { room, h, members } = await makeRoom(server, []);
    const res = await members[0]!.client.post(`/api/rooms/${room.room.id}/token`, {}, h);
    expect(res.body).toEqual({ kind: 'local', memberId: members[0]!.memberId });
  });

  it('relays offers, answers and candidates between members of one room only', async () => {
    const { room, h, members } = await makeRoom(server, ['Bo', 'Cy']);
    const channel: Channel = `room:${room.room.id}`;
    const [aki, bo, cy] = await Promise.all(members.map((m) => open(m.client)));
    const publish = (ws: WsTestClient, type: string, data: unknown) => ws.send({ op: 'publish', channel, type, data });

    publish(aki!, 'room.mesh.join', {});
    expect(await waitDirect(aki!, channel, 'room.mesh.peers')).toEqual({ connectionId: aki!.connectionId, peers: [] });
    publish(bo!, 'room.mesh.join', {});
    expect(await waitDirect(bo!, channel, 'room.mesh.peers')).toEqual({ connectionId: bo!.connectionId, peers: [{ connectionId: aki!.connectionId, memberId: members[0]!.memberId }] });
    expect(await waitDirect(aki!, channel, 'room.mesh.peer-joined')).toEqual({ connectionId: bo!.connectionId, memberId: members[1]!.memberId });

    // The newcomer offers; the signal reaches its addressee alone, with who sent it.
    publish(bo!, 'room.mesh.signal', { to: aki!.connectionId, description: offer });
    expect(await waitDirect(aki!, channel, 'room.mesh.signal')).toEqual({ from: bo!.connectionId, memberId: members[1]!.memberId, description: offer });
    publish(aki!, 'room.mesh.signal', { to: bo!.connectionId, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    expect((await waitDirect(bo!, channel, 'room.mesh.signal')).candidate?.sdpMid).toBe('0');

    // Cy is a member but not in the mesh: it cannot reach anyone, nor be reached.
    publish(cy!, 'room.mesh.signal', { to: aki!.connectionId, description: offer });
    expect(await cy!.waitFor(lastError, 'refusal')).toMatchObject({ code: 'FORBIDDEN', channel });
    publish(aki!, 'room.mesh.signal', { to: cy!.connectionId, description: offer });
    expect(await aki!.waitFor(lastError, 'refusal')).toMatchObject({ code: 'FORBIDDEN' });

    // A member of another room, or nobody's session, cannot even publish here.
    const other = await makeRoom(server, []);
    const outsider = await open(other.members[0]!.client);
    outsider.send({ op: 'publish', channel, type: 'room.mesh.join', data: {} });
    expect(await outsider.waitFor(lastError, 'refusal')).toMatchObject({ code: 'FORBIDDEN' });
    outsider.send({ op: 'publish', channel: `room:${other.room.room.id}`, type: 'room.mesh.join', data: {} });
    await waitDirect(outsider, `room:${other.room.room.id}`, 'room.mesh.peers');
    outsider.send({ op: 'publish', channel: `room:${other.room.room.id}`, type: 'room.mesh.signal', data: { to: aki!.connectionId, description: offer } });
    expect(await outsider.waitFor((r) => r.filter((m) => m.op === 'error').length >= 2 && lastError(r), 'refusal')).toMatchObject({ code: 'FORBIDDEN' });
    expect(directs(aki!, channel, 'room.mesh.signal')).toHaveLength(1);

    // Closing the socket leaves the mesh; the others are told.
    await bo!.close();
    expect(await waitDirect(aki!, channel, 'room.mesh.peer-left')).toEqual({ connectionId: bo!.connectionId });
    expect(Object.keys(server.services.roomMesh.peersOf(room.room.id))).toEqual([aki!.connectionId]);
    // The room's own routes still answer its members afterwards.
    expect((await members[0]!.client.get(`/api/rooms/${room.room.id}`, h)).status).toBe(200);
  });

  it('drops a removed member from the mesh at once', async () => {
    const { room, h, members } = await makeRoom(server, ['Bo']);
    const channel: Channel = `room:${room.room.id}`;
    const [aki, bo] = await Promise.all(members.map((m) => open(m.client)));
    aki!.send({ op: 'publish', channel, type: 'room.mesh.join', data: {} });
    await waitDirect(aki!, channel, 'room.mesh.peers');
    bo!.send({ op: 'publish', channel, type: 'room.mesh.join', data: {} });
    await waitDirect(aki!, channel, 'room.mesh.peer-joined');
    expect((await members[0]!.client.delete(`/api/rooms/${room.room.id}/members/${members[1]!.memberId}`, undefined, h)).status).toBe(200);
    expect(await waitDirect(aki!, channel, 'room.mesh.peer-left')).toEqual({ connectionId: bo!.connectionId });
    bo!.send({ op: 'publish', channel, type: 'room.mesh.signal', data: { to: aki!.connectionId, description: offer } });
    expect(await bo!.waitFor(lastError, 'refusal')).toMatchObject({ code: 'FORBIDDEN' });
    expect(directs(aki!, channel, 'room.mesh.signal')).toEqual([]);
  });
});
