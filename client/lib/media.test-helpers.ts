// Stand-ins for the browser's MediaStream and its tracks, shared by the media tests of the live
// stage and of co-shopping rooms: they record what a session asked of them.
import { vi } from 'vitest';

export class FakeTrack {
  static count = 0;
  readonly id = `track-${++FakeTrack.count}`;
  enabled = true;
  readonly stop = vi.fn();
  constructor(readonly kind: 'audio' | 'video') {}
}

export class FakeStream {
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  addTrack(track: FakeTrack) {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    const i = this.tracks.indexOf(track);
    if (i >= 0) this.tracks.splice(i, 1);
  }
  asStream(): MediaStream {
    return this as unknown as MediaStream;
  }
}

/**
 * What both media cores ask of an RTCPeerConnection apart from its transceivers: descriptions,
 * candidates, close, and the network's side for a test to play. Each test file's fake adds the
 * transceivers its core uses, and keeps its own `all` list of the connections made.
 */
export class FakePeerConnectionBase {
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  closed = false;
  readonly added: RTCIceCandidateInit[] = [];
  onicecandidate: ((event: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: ((event: { track: FakeTrack }) => void) | null = null;

  constructor(readonly config: RTCConfiguration) {
    this.registry().push(this);
  }

  /** The subclass's own list of connections (a test may replace it between cases). */
  private registry(): FakePeerConnectionBase[] {
    return (this.constructor as unknown as { all: FakePeerConnectionBase[] }).all;
  }

  async createOffer() {
    return { type: 'offer' as const, sdp: `offer-${this.registry().indexOf(this)}` };
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: `answer-${this.registry().indexOf(this)}` };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    this.localDescription = description;
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    this.remoteDescription = description;
  }
  async addIceCandidate(candidate: RTCIceCandidateInit) {
    this.added.push(candidate);
  }
  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }
  // ---- the network's side ----
  emitState(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
  emitCandidate(candidate: RTCIceCandidateInit) {
    this.onicecandidate?.({ candidate: { toJSON: () => candidate } });
  }
  emitTrack(track: FakeTrack) {
    this.ontrack?.({ track });
  }
}
