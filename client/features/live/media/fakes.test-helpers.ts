// Fakes for the media core's unit tests: a realtime client the test plays the server for, and
// RTCPeerConnection / MediaStream stand-ins that record what the session asked of them.
import { vi } from 'vitest';
import type { Channel, ClientEventSpec, ServerError } from '../../../../common/realtime';
import type { ChannelHandlers, ConnectionState } from '../../../lib/realtime';
import type { LocalStageDeps } from './localStage';

export interface Published {
  channel: Channel;
  type: string;
  data: unknown;
  ref?: string;
}

export class FakeRealtime {
  state: ConnectionState = 'open';
  readonly handlers = new Map<Channel, Set<ChannelHandlers>>();
  readonly stateListeners = new Set<() => void>();
  readonly published: Published[] = [];
  readonly reconnect = vi.fn(() => this.setState('reconnecting'));

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

  getState(): ConnectionState {
    return this.state;
  }

  setState(state: ConnectionState) {
    this.state = state;
    for (const listener of [...this.stateListeners]) listener();
  }

  /** Plays the server: a direct message to this tab. */
  direct(channel: Channel, type: string, data: unknown) {
    for (const h of [...(this.handlers.get(channel) ?? [])]) h.direct?.({ op: 'direct', channel, type, data, serverTime: 0 });
  }

  error(channel: Channel, error: Omit<ServerError, 'op' | 'channel'>) {
    for (const h of [...(this.handlers.get(channel) ?? [])]) h.error?.({ op: 'error', channel, ...error });
  }

  ofType(type: string) {
    return this.published.filter((p) => p.type === type);
  }

  asDeps(): LocalStageDeps['realtime'] {
    return this as unknown as LocalStageDeps['realtime'];
  }
}

import { FakePeerConnectionBase, FakeStream, FakeTrack } from '../../../lib/media.test-helpers';

export { FakeStream, FakeTrack };

export class FakePeerConnection extends FakePeerConnectionBase {
  static all: FakePeerConnection[] = [];
  readonly transceivers: { track: FakeTrack; init: RTCRtpTransceiverInit }[] = [];
  readonly senders: { track: FakeTrack | null; replaceTrack: ReturnType<typeof vi.fn> }[] = [];

  addTransceiver(track: FakeTrack, init: RTCRtpTransceiverInit) {
    this.transceivers.push({ track, init });
    const sender = {
      track: track as FakeTrack | null,
      replaceTrack: vi.fn(async (next: FakeTrack) => {
        sender.track = next;
      }),
    };
    this.senders.push(sender);
    return {};
  }
  getSenders() {
    return this.senders;
  }
}

export const fakePeerFactory = (config: RTCConfiguration) => new FakePeerConnection(config) as unknown as RTCPeerConnection;

/** Lets the session's promise chains (offer, answer) run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
