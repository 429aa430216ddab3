// Picks the media session from the server's answer (DESIGN.md §1: the choice is made once, by the
// server's configuration); nothing else in the client asks which provider is active.
import type { MediaAccess } from '../../../../common/media';
import { apiRequest } from '../../../lib/api';
import { getRealtime, type RealtimeClient } from '../../../lib/realtime';
import { LiveKitSession, type LiveKitModule } from './livekit';
import { LocalStageSession } from './localStage';
import type { MediaSession } from './session';

export interface MediaSessionDeps {
  showId: string;
  realtime?: Pick<RealtimeClient, 'subscribe' | 'publish' | 'getState' | 'reconnect'>;
  /** livekit-client, loaded only when the server says LiveKit is configured (tests pass a fake). */
  loadLiveKit?: () => Promise<LiveKitModule>;
}

export function createMediaSession(access: MediaAccess, deps: MediaSessionDeps): MediaSession {
  switch (access.kind) {
    case 'local':
      return new LocalStageSession({ realtime: deps.realtime ?? getRealtime(), showId: deps.showId });
    case 'livekit':
      // A separate chunk: the embedded default never downloads livekit-client.
      return new LiveKitSession({
        url: access.url,
        token: access.token,
        load: deps.loadLiveKit ?? (() => import('livekit-client') as unknown as Promise<LiveKitModule>),
      });
  }
}

/** Asks the server how to connect to a show's media (it decides the role by the session), then makes the session. */
export async function openMediaSession(deps: MediaSessionDeps, signal?: AbortSignal): Promise<MediaSession> {
  const access = await apiRequest<MediaAccess>('POST', `/api/shows/${encodeURIComponent(deps.showId)}/token`, { body: {}, signal });
  return createMediaSession(access, deps);
}
