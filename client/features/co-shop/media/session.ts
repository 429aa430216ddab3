// The room's own voice and video among friends (DESIGN.md §1): one interface, two implementations
// (a peer-to-peer mesh on the local stage, LiveKit when the server hands out a LiveKit token).
// Like the live show's media session it is a React-free core with a vanilla zustand store, so the
// room page subscribes to its state and never asks which provider is underneath.
import { createStore, type StoreApi } from 'zustand/vanilla';

export type RoomMediaState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error';

/** Why we send no camera or microphone: the user said no, or there is none to use. */
export type DeviceProblem = 'denied' | 'unavailable';

export interface LocalMedia {
  /** The camera and microphone we send (tracks may be absent: denied, or switched off). */
  stream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  /** Set when getUserMedia failed for the camera (or both). */
  problem: DeviceProblem | null;
  /** Our own microphone level, 0…1, sampled a few times a second. */
  level: number;
}

export interface RemotePeer {
  /** Mesh: the peer's connection id. LiveKit: the participant's identity. */
  id: string;
  /** The room member on the other end, when the server told us. */
  memberId: string | null;
  stream: MediaStream;
  connection: 'connecting' | 'connected' | 'reconnecting';
  /** Their voice level as we receive it, 0…1. */
  level: number;
}

export interface RoomMediaStatus {
  state: RoomMediaState;
  error?: string;
  local: LocalMedia;
  /** Everyone we hear and see, by peer id. Replaced (not mutated) on every change, so React sees it. */
  peers: Readonly<Record<string, RemotePeer>>;
}

export interface RoomMediaSession {
  readonly kind: 'mesh' | 'livekit';
  readonly store: StoreApi<RoomMediaStatus>;
  getState(): RoomMediaStatus;
  /** Asks for the camera and microphone (falling back to the microphone alone) and starts sending and receiving. */
  join(): Promise<void>;
  setMic(on: boolean): void;
  setCamera(on: boolean): Promise<void>;
  /** Closes every connection, stops every track this session made, removes every listener. */
  leave(): void;
}

/** A voice louder than this counts as speaking (the levels are RTP audio levels, 0…1 linear). */
export const speakingLevel = 0.04;
export const isSpeaking = (level: number) => level >= speakingLevel;

export const initialLocalMedia: LocalMedia = { stream: null, micOn: true, cameraOn: true, problem: null, level: 0 };

export function createRoomMediaStore(): StoreApi<RoomMediaStatus> {
  return createStore<RoomMediaStatus>()(() => ({ state: 'idle', local: initialLocalMedia, peers: {} }));
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** The camera and microphone, or the microphone alone, or nothing: a friend without a camera still joins. */
export async function acquireLocalMedia(getUserMedia: GetUserMedia): Promise<{ stream: MediaStream | null; problem: DeviceProblem | null }> {
  try {
    // Small on purpose: a tile is a few hundred pixels wide, and in a mesh each friend uploads their
    // camera once per other member (five times in a full room).
    return { stream: await getUserMedia({ audio: true, video: { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15 } } }), problem: null };
  } catch (error) {
    const problem = deviceProblemOf(error);
    try {
      return { stream: await getUserMedia({ audio: true }), problem };
    } catch {
      return { stream: null, problem };
    }
  }
}

export function deviceProblemOf(error: unknown): DeviceProblem {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable';
}
