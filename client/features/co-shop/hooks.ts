// React bindings of the room core and the room's media: components subscribe with selectors and
// re-render only when their slice changes; the cores do the work.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { getRealtime } from '../../lib/realtime';
import { roomApi, uploadSnapshot, type RoomRef } from './api';
import { openRoomMedia } from './media/factory';
import { isSpeaking, type RoomMediaSession, type RoomMediaStatus } from './media/session';
import { RoomCore, type RoomCoreState } from './room';

/** The room's core while the component is mounted (key the component by room and invite): loads who we are, joins the channel, lets go on unmount. */
export function useRoomCore(ref: RoomRef): RoomCore {
  const [core] = useState(() => new RoomCore({ ref, api: roomApi(), realtime: getRealtime() }));
  useEffect(() => core.start(), [core]);
  return core;
}

export function useRoom<T>(core: RoomCore, selector: (s: RoomCoreState) => T): T {
  return useStore(core.store, selector);
}

const idleMedia: RoomMediaStatus = { state: 'idle', local: { stream: null, micOn: false, cameraOn: false, problem: null, level: 0 }, peers: {} };
const noop = () => () => undefined;

export function useRoomMediaStatus(session: RoomMediaSession | null): RoomMediaStatus {
  return useSyncExternalStore(session?.store.subscribe ?? noop, () => session?.store.getState() ?? idleMedia);
}

/**
 * The room's voice and video while we are a member: asks the server how to connect, joins (asking
 * for camera and microphone), tells the room what we send and when we speak, and leaves on unmount.
 */
export function useRoomMedia(core: RoomCore, enabled: boolean): { session: RoomMediaSession | null; error: unknown } {
  const [result, setResult] = useState<{ session: RoomMediaSession | null; error: unknown }>({ session: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let session: RoomMediaSession | null = null;
    let stopPresence: (() => void) | null = null;
    openRoomMedia(core.ref, abort.signal).then(
      (opened) => {
        if (abort.signal.aborted) return opened.leave();
        session = opened;
        setResult({ session: opened, error: null });
        const report = (s: RoomMediaStatus) =>
          core.setMyLive({ camera: s.local.cameraOn, mic: s.local.micOn, speaking: s.local.micOn && isSpeaking(s.local.level) });
        stopPresence = opened.store.subscribe(report);
        void opened.join();
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setResult({ session: null, error });
      },
    );
    return () => {
      abort.abort();
      stopPresence?.();
      session?.leave();
      setResult({ session: null, error: null });
    };
  }, [core, enabled]);
  return result;
}

/** Sends a try-on look to the room: uploaded, then shown at once (the channel's event repeats it). */
export async function sendSnapshot(core: RoomCore, image: Blob, productId?: string | null): Promise<void> {
  const snapshot = await uploadSnapshot(core.ref, image, productId);
  core.receiveSnapshot(snapshot);
}
