// The host's 3D demo over a show channel (DESIGN.md §3): the latest-wins value `demo3d` on
// `show:<id>`. The core (core.ts) knows nothing of channels; these two adapters connect it to the
// realtime client. A room's "look at this" can do the same with its own channel.
import { demo3dKey, demo3dStateSchema, type Demo3dState } from '../../../common/models';
import type { Channel } from '../../../common/realtime';
import type { RealtimeClient } from '../../lib/realtime';
import type { DemoFollower } from './core';

const showChannelOf = (showId: string) => `show:${showId}` as Channel;

/** Feeds a show's demo states to the follower (the current one at once, from the server); returns the leave function. */
export function followShowDemo(realtime: RealtimeClient, showId: string, follower: DemoFollower): () => void {
  return realtime.subscribe(showChannelOf(showId), {
    ephemeral(value) {
      if (value.key !== demo3dKey) return;
      // The server checked it; a newer client talking to an older server might still send something else.
      const parsed = demo3dStateSchema.safeParse(value.data);
      if (parsed.success) follower.receive(parsed.data);
    },
  });
}

/** Sends a demo state as the show's latest-wins value (the realtime client paces it to 15 a second). */
export function showDemoSender(realtime: RealtimeClient, showId: string): (state: Demo3dState) => void {
  const channel = showChannelOf(showId);
  return (state) => realtime.setEphemeral(channel, demo3dKey, state);
}
