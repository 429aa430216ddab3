// React bindings of the realtime client (realtime.ts): components subscribe, the core does the work.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Channel } from '../../common/realtime';
import { getRealtime, type ChannelHandlers, type ConnectionState, type RealtimeClient } from './realtime';

/** The tab's connection state: 'connecting' | 'open' | 'reconnecting' | 'offline'. */
export function useRealtimeState(client: RealtimeClient = getRealtime()): ConnectionState {
  return useSyncExternalStore(client.subscribe, client.getState, client.getState);
}

/**
 * Joins a channel while the component is mounted (null: none). The handlers may change on every
 * render without rejoining; they should write to a store, not to React state per event.
 */
export function useChannel(channel: Channel | null, handlers: ChannelHandlers, client: RealtimeClient = getRealtime()): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!channel) return;
    return client.subscribe(channel, {
      snapshot: (state, snapshot) => latest.current.snapshot?.(state, snapshot),
      event: (event) => latest.current.event?.(event),
      ephemeral: (value) => latest.current.ephemeral?.(value),
      error: (error) => latest.current.error?.(error),
      direct: (message) => latest.current.direct?.(message),
    });
  }, [channel, client]);
}
