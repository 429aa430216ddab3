// Stand-ins for the browser's media objects in the room media tests: they record what the session
// asked of them, and let a test play the network's side.
import { vi } from 'vitest';
import type { Channel, ClientEventSpec, ServerError } from '../../../../common/realtime';
import type { ChannelHandlers, ConnectionState } from '../../../lib/realtime';

import { FakePeerConnectionBase, FakeStream, FakeTrack } from '../../../lib/media.test-helpers';

export { FakeStream, FakeTrack };

export const fakeStreamFactory = (tracks?: MediaStreamTrack[]) => new FakeStream(tracks as unknown as FakeTrack[]) as unknown as MediaStream;

interface FakeTransceiver {
  direction: RTCRtpTransceiverDirection;
  receiver: { track: FakeTrack; getSynchronizationSources(): { audioLevel?: number }[] };
  sender: { track: FakeTrack | null; replaceTrack: ReturnType<typeof vi.fn> };
}

export class FakePeerConnection extends FakePeerConnectionBase {
  static all: FakePeerConnection[] = [];
  /** What the remote side is saying, as the audio receiver's level reports it. */
  audioLevel = 0;
  readonly transceivers: FakeTransceiver[] = [];

  private transceiver(kind: 'audio' | 'video', sending: FakeTrack | null, direction: RTCRtpTransceiverDirection): FakeTransceiver {
    const sender = {
      track: sending,
      replaceTrack: vi.fn(async (next: FakeTrack | null) => {
        sender.track = next;
      }),
    };
    const t: FakeTransceiver = {
      direction,
      receiver: { track: new FakeTrack(kind), getSynchronizationSources: () => (kind === 'audio' ? [{ audioLevel: this.audioLevel }] : []) },
      sender,
    };
    this.transceivers.push(t);
    return t;
  }

  addTransceiver(trackOrKind: FakeTrack | 'audio' | 'video', init: RTCRtpTransceiverInit) {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    return this.transceiver(typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind, track, init.direction ?? 'sendrecv');
  }
  getTransceivers() {
    return this.transceivers;
  }
  getReceivers() {
    return this.transceivers.map((t) => t.receiver);
  }
  override async setRemoteDescription(description: RTCSessionDescriptionInit) {
    this.remoteDescription = description;
    // An offer from the other side brings its two m-lines, as a browser makes transceivers for them.
    if (description.type === 'offer' && this.transceivers.length === 0) {
      this.transceiver('audio', null, 'recvonly');
      this.transceiver('video', null, 'recvonly');
    }
  }
}

export const fakePeerFactory = (config: RTCConfiguration) => new FakePeerConnection(config) as unknown as RTCPeerConnection;

/** getUserMedia that grants camera and microphone, or fails the way a browser does. */
export function fakeGetUserMedia(outcome: 'granted' | 'camera-denied' | 'all-denied' = 'granted') {
  const made: FakeStream[] = [];
  const fn = vi.fn(async (constraints: MediaStreamConstraints) => {
    const wantsVideo = Boolean(constraints.video);
    if (outcome === 'all-denied' || (outcome === 'camera-denied' && wantsVideo)) throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const tracks: FakeTrack[] = [];
    if (constraints.audio) tracks.push(new FakeTrack('audio'));
    if (wantsVideo) tracks.push(new FakeTrack('video'));
    const stream = new FakeStream(tracks);
    made.push(stream);
    return stream as unknown as MediaStream;
  });
  return { fn, made };
}

/** Lets the session's promise chains (offer, answer) run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface Published {
  channel: Channel;
  type: string;
  data: unknown;
  ref?: string;
}

/** A realtime client the test plays the server for. */
export class FakeRealtime {
  state: ConnectionState = 'open';
  readonly handlers = new Map<Channel, Set<ChannelHandlers>>();
  readonly stateListeners = new Set<() => void>();
  readonly published: Published[] = [];
  readonly ephemerals: { channel: Channel; key: string; data: unknown }[] = [];
  now = 1_000_000;

  subscribe(channelOrListener: Channel | (() => void), handlers?: ChannelHandlers): () => void {
    if (typeof channelOrListener === 'function') {
      this.stateListeners.add(channelOrListener);
      return () => this.stateListeners.delete(channelOrListener);
    }
    const set = this.handlers.get(channelOrListener) ?? new Set();
    this.handlers.set(channelOrListener, set);
    set.add(handlers!);
    return () => {
      set.delete(handlers!);
      if (set.size === 0) this.handlers.delete(channelOrListener);
    };
  }
  publish(channel: Channel, spec: ClientEventSpec, data: unknown, ref?: string): boolean {
    if (this.state !== 'open') return false;
    this.published.push({ channel, type: spec.type, data: spec.data.parse(data), ref });
    return true;
  }
  setEphemeral(channel: Channel, key: string, data: unknown) {
    this.ephemerals.push({ channel, key, data });
  }
  serverNow() {
    return this.now;
  }
  getState(): ConnectionState {
    return this.state;
  }
  setState(state: ConnectionState) {
    this.state = state;
    for (const listener of [...this.stateListeners]) listener();
  }
  private each(channel: Channel) {
    return [...(this.handlers.get(channel) ?? [])];
  }
  direct(channel: Channel, type: string, data: unknown) {
    for (const h of this.each(channel)) h.direct?.({ op: 'direct', channel, type, data, serverTime: this.now });
  }
  snapshot(channel: Channel, state: unknown, seq = 1) {
    for (const h of this.each(channel)) h.snapshot?.(state, { op: 'snapshot', channel, seq, serverTime: this.now, state });
  }
  event(channel: Channel, type: string, data: unknown, seq = 2) {
    for (const h of this.each(channel)) h.event?.({ op: 'event', channel, seq, serverTime: this.now, type, data });
  }
  ephemeral(channel: Channel, key: string, data: unknown, options: { serverTime?: number; replay?: true } = {}) {
    const { serverTime = this.now, replay } = options;
    for (const h of this.each(channel)) h.ephemeral?.({ op: 'ephemeral', channel, key, data, serverTime, ...(replay && { replay }) });
  }
  error(channel: Channel, error: Omit<ServerError, 'op' | 'channel'>) {
    for (const h of this.each(channel)) h.error?.({ op: 'error', channel, ...error });
  }
  ofType(type: string) {
    return this.published.filter((p) => p.type === type);
  }
  asClient<T>(): T {
    return this as unknown as T;
  }
}
