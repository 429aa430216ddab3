// The local mesh of a co-shopping room (no LiveKit): every member's browser keeps one WebRTC peer
// connection to every other member's, and this relays their offers, answers and ICE candidates
// to the one connection each is addressed to, between members of the same room only. Media never
// passes through the server.
//
// Kept in memory on one instance, like the local stage (stage.ts): a mesh of six is for friends
// on one server; rooms that outgrow it use LiveKit.
import { channelIdOf, type Channel } from '../../common/realtime';
import { roomMeshJoin, roomMeshLeave, roomMeshSignal, type RoomMeshDirectMessages, type RoomMeshDirectType } from '../../common/rooms';
import type { StageCandidate, StageDescription } from '../../common/stage';
import type { SessionInfo } from './accounts';
import { DomainError } from './errors';
import type { ClientEventContext, DirectMessenger } from './realtime';
import type { ClientEventRegistry } from './stage';

export interface RoomMeshDeps {
  messenger: DirectMessenger;
  /** The sender's current member id in the room; throws when the session is not a member. */
  memberOf(session: SessionInfo | null, roomId: string): Promise<string>;
}

export type RoomMesh = ReturnType<typeof createRoomMesh>;

export function createRoomMesh(deps: RoomMeshDeps) {
  /** Per room channel: connection id → member id, in order of joining. */
  const meshes = new Map<Channel, Map<string, string>>();
  const send = <T extends RoomMeshDirectType>(to: string, channel: Channel, type: T, data: RoomMeshDirectMessages[T]) => deps.messenger.sendDirect(to, channel, type, data);

  function connectionOf(context: ClientEventContext): string {
    if (!context.connectionId) throw new DomainError('BAD_REQUEST', 'The room’s mesh needs a realtime connection');
    return context.connectionId;
  }

  function drop(channel: Channel, connectionId: string): void {
    const mesh = meshes.get(channel);
    if (!mesh?.delete(connectionId)) return;
    for (const peer of mesh.keys()) send(peer, channel, 'room.mesh.peer-left', { connectionId });
    if (mesh.size === 0) meshes.delete(channel);
  }

  return {
    async join(context: ClientEventContext): Promise<void> {
      const id = connectionOf(context);
      const memberId = await deps.memberOf(context.session, channelIdOf(context.channel));
      let mesh = meshes.get(context.channel);
      if (!mesh) meshes.set(context.channel, (mesh = new Map()));
      // Joining again starts over; a member's newer tab replaces its older one, so nobody sends two
      // cameras to everyone.
      for (const [connectionId, member] of [...mesh]) if (connectionId === id || member === memberId) drop(context.channel, connectionId);
      mesh = meshes.get(context.channel) ?? new Map<string, string>();
      meshes.set(context.channel, mesh);
      const peers = [...mesh].map(([connectionId, member]) => ({ connectionId, memberId: member }));
      mesh.set(id, memberId);
      send(id, context.channel, 'room.mesh.peers', { connectionId: id, peers });
      for (const peer of peers) send(peer.connectionId, context.channel, 'room.mesh.peer-joined', { connectionId: id, memberId });
    },

    leave(context: ClientEventContext): void {
      drop(context.channel, connectionOf(context));
    },

    signal(context: ClientEventContext, data: { to: string; description?: StageDescription; candidate?: StageCandidate }): void {
      const from = connectionOf(context);
      const mesh = meshes.get(context.channel);
      const memberId = mesh?.get(from);
      // Both ends must be in this room's mesh: nobody can reach a connection outside their room.
      if (!mesh || memberId === undefined || !mesh.has(data.to) || data.to === from) throw new DomainError('FORBIDDEN', 'That connection is not your peer in this room');
      const { to, ...payload } = data;
      send(to, context.channel, 'room.mesh.signal', { ...payload, from, memberId });
    },

    /** A socket closed: it leaves every mesh it was in. */
    disconnected(connectionId: string): void {
      for (const channel of [...meshes.keys()]) drop(channel, connectionId);
    },

    /** A member was removed or left: their connections leave the mesh at once. */
    removeMember(roomId: string, memberId: string): void {
      const channel: Channel = `room:${roomId}`;
      for (const [connectionId, member] of [...(meshes.get(channel) ?? [])]) if (member === memberId) drop(channel, connectionId);
    },

    /** The room was closed. */
    closeRoom(roomId: string): void {
      const channel: Channel = `room:${roomId}`;
      for (const connectionId of [...(meshes.get(channel)?.keys() ?? [])]) drop(channel, connectionId);
    },

    /** For tests: connection id → member id of a room's mesh. */
    peersOf(roomId: string): Record<string, string> {
      return Object.fromEntries(meshes.get(`room:${roomId}`) ?? []);
    },
  };
}

/** Connects the mesh to the hub: the room channel's authorizer admits members' signalling only. */
export function registerRoomMesh(hub: ClientEventRegistry & Pick<DirectMessenger, 'onDisconnect'>, mesh: RoomMesh): () => void {
  hub.handleClientEvent(roomMeshJoin, (context) => mesh.join(context));
  hub.handleClientEvent(roomMeshLeave, (context) => mesh.leave(context));
  hub.handleClientEvent(roomMeshSignal, (context, data) => mesh.signal(context, data));
  return hub.onDisconnect((id) => mesh.disconnected(id));
}
