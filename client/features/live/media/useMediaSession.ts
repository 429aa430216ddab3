// React bindings of the media session: components subscribe to its store; the core does the work.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { openMediaSession } from './factory';
import type { MediaSession, MediaStatus } from './session';

const idle: MediaStatus = { state: 'idle' };
const noop = () => () => undefined;

/** The session's status, re-rendering only when it changes (never per frame). */
export function useMediaStatus(session: MediaSession | null): MediaStatus {
  return useSyncExternalStore(session?.store.subscribe ?? noop, () => session?.store.getState() ?? idle);
}

/**
 * A media session for a show while the component is mounted: asks the server how to connect, and
 * disconnects (releasing every connection it made) on unmount or when the show changes.
 */
export function useShowMediaSession(showId: string | undefined): { session: MediaSession | null; error: unknown } {
  const [result, setResult] = useState<{ showId: string; session: MediaSession | null; error: unknown } | null>(null);
  useEffect(() => {
    if (!showId) return;
    const abort = new AbortController();
    let session: MediaSession | null = null;
    openMediaSession({ showId }, abort.signal).then(
      (opened) => {
        if (abort.signal.aborted) return opened.disconnect();
        session = opened;
        setResult({ showId, session: opened, error: null });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setResult({ showId, session: null, error });
      },
    );
    return () => {
      abort.abort();
      session?.disconnect();
    };
  }, [showId]);
  return result && result.showId === showId ? { session: result.session, error: result.error } : { session: null, error: null };
}
