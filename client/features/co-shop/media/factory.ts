// Picks the room's media session from the server's answer to POST /api/rooms/:id/token (the choice is
// made once, by the server's configuration); nothing else in the client asks which provider is active.
import type { RoomMediaAccess } from '../../../../common/rooms';
import { getRealtime } from '../../../lib/realtime';
import { roomApi, type RoomRef } from '../api';
import { LiveKitRoomMedia, type LiveKitRoomModule } from './livekit';
import { MeshRoomMedia, webAudioLevelMeter, type MeshDeps } from './mesh';
import type { RoomMediaSession } from './session';

export interface RoomMediaDeps {
  realtime?: MeshDeps['realtime'];
  /** livekit-client, loaded only when the server says LiveKit is configured (tests pass a fake). */
  loadLiveKit?: () => Promise<LiveKitRoomModule>;
}

export function createRoomMedia(access: RoomMediaAccess, roomId: string, deps: RoomMediaDeps = {}): RoomMediaSession {
  switch (access.kind) {
    case 'local':
      return new MeshRoomMedia({ realtime: deps.realtime ?? getRealtime(), roomId, createLevelMeter: webAudioLevelMeter });
    case 'livekit':
      // A separate chunk: the embedded default never downloads livekit-client.
      return new LiveKitRoomMedia({
        url: access.url,
        token: access.token,
        load: deps.loadLiveKit ?? (() => import('livekit-client') as unknown as Promise<LiveKitRoomModule>),
      });
  }
}

export async function openRoomMedia(ref: RoomRef, signal?: AbortSignal): Promise<RoomMediaSession> {
  const access = await roomApi().mediaToken(ref, signal);
  return createRoomMedia(access, ref.roomId);
}
