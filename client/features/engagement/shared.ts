// One core per show and feature, shared by every component that shows it (a poll card on the
// viewer and the composer in the studio read the same poll), joined to the realtime channel while
// at least one of them is mounted.
import { useEffect } from 'react';
import type { Channel } from '../../../common/realtime';
import type { ApiRequest } from '../../lib/api';
import type { ChannelHandlers } from '../../lib/realtime';

/** The part of the realtime client the cores use, so tests hand them a fake. */
export interface ChannelSource {
  subscribe(channel: Channel, handlers: ChannelHandlers): () => void;
}

export interface CoreDeps {
  realtime: ChannelSource;
  request: ApiRequest;
}

export const showChannel = (showId: string): Channel => `show:${showId}`;
export const showPath = (showId: string) => `/api/shows/${encodeURIComponent(showId)}`;

interface Entry<C> {
  core: C;
  users: number;
  leave: (() => void) | null;
}

/** A registry of cores by show id: `get` during render (creating without side effects), `useConnected` in an effect. */
export function coreRegistry<C extends { connect(): () => void }>(create: (showId: string) => C) {
  const entries = new Map<string, Entry<C>>();
  const entryOf = (showId: string) => {
    let entry = entries.get(showId);
    if (!entry) {
      entry = { core: create(showId), users: 0, leave: null };
      entries.set(showId, entry);
    }
    return entry;
  };
  return {
    get: (showId: string): C => entryOf(showId).core,
    /** Keeps the show's core joined to its channel while the calling component is mounted. */
    useConnected(showId: string): C {
      const entry = entryOf(showId);
      useEffect(() => {
        const current = entryOf(showId);
        current.users += 1;
        current.leave ??= current.core.connect();
        return () => {
          current.users -= 1;
          if (current.users === 0) {
            current.leave?.();
            current.leave = null;
            // Kept rather than forgotten: a component that rendered with this core may mount again
            // (StrictMode, a quick remount) and must see the same one; the next join's snapshot
            // replaces whatever it holds.
          }
        };
      }, [showId]);
      return entry.core;
    },
  };
}
