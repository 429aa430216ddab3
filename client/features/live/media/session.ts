// The client's one media interface (DESIGN.md §1, §7): a React-free core with a vanilla zustand
// store, so that pages subscribe to its state and never ask which provider is underneath.
import { createStore, type StoreApi } from 'zustand/vanilla';

export type MediaState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'full' | 'ended' | 'error';

export interface MediaStatus {
  state: MediaState;
  /** What went wrong, in the server's words, when `state` is 'error'. */
  error?: string;
  /** A viewer is in place but the host has not started sending yet. */
  waitingForHost?: boolean;
  /** The host's count of viewers connected to it (the local stage knows it; LiveKit reports it by webhook). */
  viewers?: number;
  /** The local stage's cap, for the "full" message. */
  maxViewers?: number;
}

export interface MediaSession {
  readonly kind: 'local' | 'livekit';
  /** Host: sends this stream's tracks to every viewer; called again, it swaps the tracks (another camera) without reconnecting. */
  publish(stream: MediaStream): Promise<void>;
  /** Viewer: a stream that receives the host's tracks as they arrive (and again after a reconnect). */
  subscribe(): MediaStream;
  /** Viewer: plays the received media in this element (LiveKit sizes its layers by it); returns the detach. */
  attach(element: HTMLMediaElement): () => void;
  readonly store: StoreApi<MediaStatus>;
  getState(): MediaStatus;
  /**
   * Leaves and releases everything this session created: peer connections or the room, received
   * tracks, listeners. `ended` tells the viewers the show is over rather than interrupted. The
   * caller's own tracks (from getUserMedia) stay the caller's to stop.
   */
  disconnect(options?: { ended?: boolean }): void;
}

export function createMediaStatusStore(): StoreApi<MediaStatus> {
  return createStore<MediaStatus>()(() => ({ state: 'idle' }));
}
