// The `show:<id>` channel is shared by several features (pins and deals, chat, polls, Q&A). Each
// adds its named part of the snapshot here, so no feature rewrites another's provider; services.ts
// installs the combined provider in the hub once.
import { channelIdOf, type Channel } from '../../common/realtime';
import type { SnapshotProvider } from './realtime';

/** Returns one feature's part of a show's snapshot, stored under its name. */
export type SnapshotContributor = (showId: string) => unknown | Promise<unknown>;

export function createShowChannel() {
  const contributors = new Map<string, SnapshotContributor>();

  const snapshot: SnapshotProvider = async (channel: Channel) => {
    const showId = channelIdOf(channel);
    const parts = await Promise.all([...contributors].map(async ([name, contribute]) => [name, await contribute(showId)] as const));
    return Object.fromEntries(parts);
  };

  return {
    /** Adds a named part to every show snapshot; a name is taken once. */
    addSnapshot(name: string, contribute: SnapshotContributor): void {
      if (contributors.has(name)) throw new Error(`show snapshot part ${name} is added twice`);
      contributors.set(name, contribute);
    },
    snapshot,
  };
}

export type ShowChannel = ReturnType<typeof createShowChannel>;
