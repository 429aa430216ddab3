// The embedded media provider (DESIGN.md §1): the local WebRTC stage signals over the app's own
// WebSocket, so there is no token to mint and no webhook to receive. It still refuses the grants a
// role may not have, so a wrong request fails the same way whichever provider is active.
import { assertGrantAllowed, type MediaProvider } from '../../domain/media';

export function createLocalMedia(): MediaProvider {
  return {
    name: 'local',
    async access(req) {
      assertGrantAllowed(req);
      return { kind: 'local' };
    },
  };
}
