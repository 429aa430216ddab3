// Who may drive a show's 3D demo. The host's viewer state (common/models.ts Demo3dState) travels as
// the latest-wins value `demo3d` on `show:<id>`; only that show's host may set it, everyone who may
// watch receives it. The hub asks this once per socket and key (it caches the answer), so the
// database lookup costs nothing at 15 values a second.
import { demo3dKey } from '../../common/models';
import type { Channel } from '../../common/realtime';
import { DomainError } from './errors';
import type { ChannelAuthorizer } from './realtime';

/** The host's user id of a show; throws a DomainError when the show does not exist or has ended. */
export type ShowHostOf = (showId: string) => Promise<string>;

const showIdOf = (channel: Channel) => channel.slice('show:'.length);

/**
 * The show channel's rule for `demo3d`: a signed-in user who hosts the show, while it has not ended.
 * Every other request goes to `otherwise` (the rules of the rest of the show channel).
 */
export function showDemo3dAuthorizer(hostOf: ShowHostOf, otherwise: ChannelAuthorizer): ChannelAuthorizer {
  return async (session, channel, request) => {
    if (request.action !== 'ephemeral' || request.key !== demo3dKey) return otherwise(session, channel, request);
    const userId = session?.user?.id;
    if (!userId) return false;
    try {
      return (await hostOf(showIdOf(channel))) === userId;
    } catch (error) {
      // An unknown or ended show has nobody who may demo in it.
      if (error instanceof DomainError) return false;
      throw error;
    }
  };
}
