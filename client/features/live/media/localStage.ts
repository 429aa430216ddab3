// The local stage (the embedded default): one RTCPeerConnection from the host's browser to each
// viewer, signalled through the app's realtime client (server/domain/stage.ts relays). No STUN or
// TURN servers: on loopback and a LAN the host candidates connect directly, and nothing leaves the
// network.
import type { Channel, ServerDirect, ServerError } from '../../../../common/realtime';
import {
  stageHostReady,
  stageJoin,
  stageLeave,
  stageSignal,
  type StageCandidate,
  type StageDescription,
  type StageDirectMessages,
} from '../../../../common/stage';
import type { ConnectionState, RealtimeClient } from '../../../lib/realtime';
import { createMediaStatusStore, type MediaSession, type MediaStatus } from './session';

export interface LocalStageDeps {
  realtime: Pick<RealtimeClient, 'subscribe' | 'publish' | 'getState'> & Partial<Pick<RealtimeClient, 'reconnect'>>;
  showId: string;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createMediaStream?: () => MediaStream;
}

/** Errors for this session's own messages carry this ref, so chat or deal errors in the same channel are not taken for ours. */
const stageRef = 'stage';

interface Peer {
  pc: RTCPeerConnection;
  /** Candidates that arrived before the remote description: addIceCandidate needs it first. */
  pending: RTCIceCandidateInit[];
}

export class LocalStageSession implements MediaSession {
  readonly kind = 'local' as const;
  readonly store = createMediaStatusStore();
  private readonly channel: Channel;
  private readonly createPc: (config: RTCConfiguration) => RTCPeerConnection;
  private readonly createStream: () => MediaStream;
  private role: 'host' | 'viewer' | null = null;
  /** Host: one connection per viewer id. Viewer: at most one, keyed by the host's id. */
  private readonly peers = new Map<string, Peer>();
  private stream: MediaStream | null = null;
  /** Viewer: the stream handed out by subscribe(), refilled after each reconnect. */
  private received: MediaStream | null = null;
  private leaveChannel: (() => void) | null = null;
  private stopWatchingSocket: (() => void) | null = null;
  private socketState: ConnectionState;
  private closed = false;
  private renewedSocket = false;

  constructor(private readonly deps: LocalStageDeps) {
    this.channel = `show:${deps.showId}`;
    this.createPc = deps.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.createStream = deps.createMediaStream ?? (() => new MediaStream());
    this.socketState = deps.realtime.getState();
  }

  getState(): MediaStatus {
    return this.store.getState();
  }

  async publish(stream: MediaStream): Promise<void> {
    if (this.closed) throw new Error('This media session has been disconnected');
    if (this.role === 'viewer') throw new Error('A viewer session cannot publish');
    const previous = this.stream;
    this.stream = stream;
    if (this.role === 'host') {
      // A new camera or microphone: swap tracks in place, so viewers see no renegotiation.
      if (previous !== stream) await Promise.all([...this.peers.values()].map((peer) => this.replaceTracks(peer.pc, stream)));
      return;
    }
    this.role = 'host';
    this.set({ state: 'connecting', viewers: 0 });
    this.start(() => this.announce());
  }

  subscribe(): MediaStream {
    if (this.closed) throw new Error('This media session has been disconnected');
    if (this.role === 'host') throw new Error('The host session cannot subscribe');
    if (this.received) return this.received;
    this.role = 'viewer';
    this.received = this.createStream();
    this.set({ state: 'connecting' });
    this.start(() => this.announce());
    return this.received;
  }

  attach(element: HTMLMediaElement): () => void {
    const stream = this.subscribe();
    element.srcObject = stream;
    return () => {
      if (element.srcObject === stream) element.srcObject = null;
    };
  }

  disconnect(options: { ended?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    if (this.role) this.deps.realtime.publish(this.channel, stageLeave, this.role === 'host' && options.ended ? { ended: true } : {}, stageRef);
    for (const id of [...this.peers.keys()]) this.closePeer(id);
    // Received tracks belong to this session's connections; the host's tracks belong to the caller.
    for (const track of this.received?.getTracks() ?? []) {
      track.stop();
      this.received?.removeTrack(track);
    }
    this.leaveChannel?.();
    this.stopWatchingSocket?.();
    this.leaveChannel = this.stopWatchingSocket = null;
    this.set({ state: 'ended', waitingForHost: false });
  }

  // ---------- signalling ----------

  private start(announce: () => void) {
    this.leaveChannel = this.deps.realtime.subscribe(this.channel, {
      direct: (message) => this.onDirect(message),
      error: (error) => this.onError(error),
    });
    this.stopWatchingSocket = this.deps.realtime.subscribe(() => this.onSocketState());
    this.socketState = this.deps.realtime.getState();
    if (this.socketState === 'open') announce();
  }

  /** Tells the server who we are on this stage; again after every new socket, since the server forgets a closed one. */
  private announce() {
    if (this.role === 'host') this.deps.realtime.publish(this.channel, stageHostReady, {}, stageRef);
    else if (this.role === 'viewer') this.deps.realtime.publish(this.channel, stageJoin, {}, stageRef);
  }

  private onSocketState() {
    const previous = this.socketState;
    this.socketState = this.deps.realtime.getState();
    if (this.closed || previous === this.socketState) return;
    if (this.socketState === 'open') {
      this.announce();
      return;
    }
    // The server dropped us from the stage with the socket; the peers on the other end hear so and
    // close, so ours go too, and everything is offered afresh once the socket is back.
    if (previous === 'open') {
      for (const id of [...this.peers.keys()]) this.closePeer(id);
      const state = this.getState().state;
      if (state === 'live' || state === 'connecting') this.set({ state: state === 'live' ? 'reconnecting' : 'connecting' });
    }
  }

  private onError(error: ServerError) {
    if (error.ref !== stageRef || this.closed) return;
    if (error.code === 'UNAUTHENTICATED' && this.role === 'host' && !this.renewedSocket && this.deps.realtime.reconnect) {
      // The tab's socket may predate signing in, and a socket knows only the cookie it opened with:
      // one new socket, and host-ready goes again once it is open.
      this.renewedSocket = true;
      this.deps.realtime.reconnect();
      return;
    }
    this.set({ state: 'error', error: error.message });
  }

  private onDirect(message: ServerDirect) {
    if (this.closed || !message.type.startsWith('stage.')) return;
    const data = message.data as StageDirectMessages[keyof StageDirectMessages];
    switch (message.type) {
      case 'stage.hosting': {
        const d = data as StageDirectMessages['stage.hosting'];
        return this.set({ state: 'live', viewers: d.viewers, maxViewers: d.maxViewers, error: undefined });
      }
      case 'stage.viewer-joined':
        return void this.offerTo((data as StageDirectMessages['stage.viewer-joined']).viewerId);
      case 'stage.viewer-left': {
        this.closePeer((data as StageDirectMessages['stage.viewer-left']).viewerId);
        return this.set({ viewers: this.peers.size });
      }
      case 'stage.admitted': {
        const d = data as StageDirectMessages['stage.admitted'];
        return this.set({ waitingForHost: d.hostId === null, maxViewers: d.maxViewers, error: undefined });
      }
      case 'stage.full': {
        for (const id of [...this.peers.keys()]) this.closePeer(id);
        return this.set({ state: 'full', maxViewers: (data as StageDirectMessages['stage.full']).maxViewers });
      }
      case 'stage.host-ready':
        // A (new) host: whatever we had is stale; its offer follows.
        for (const id of [...this.peers.keys()]) this.closePeer(id);
        return this.set({ waitingForHost: false });
      case 'stage.host-left': {
        for (const id of [...this.peers.keys()]) this.closePeer(id);
        if ((data as StageDirectMessages['stage.host-left']).ended) return this.set({ state: 'ended', waitingForHost: false });
        return this.set({ state: this.getState().state === 'live' ? 'reconnecting' : 'connecting', waitingForHost: true });
      }
      case 'stage.signal':
        return void this.onSignal(data as StageDirectMessages['stage.signal']).catch((error: unknown) => this.fail(error));
    }
  }

  private async onSignal(signal: StageDirectMessages['stage.signal']) {
    if (signal.description?.type === 'offer' && this.role === 'viewer') return this.answer(signal.from, signal.description);
    const peer = this.peers.get(signal.from);
    if (!peer) return;
    if (signal.description?.type === 'answer' && this.role === 'host') {
      await peer.pc.setRemoteDescription(signal.description);
      await this.flushCandidates(peer);
    } else if (signal.candidate) {
      if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(signal.candidate);
      else peer.pending.push(signal.candidate);
    }
  }

  private signal(to: string, payload: { description: StageDescription } | { candidate: StageCandidate }) {
    this.deps.realtime.publish(this.channel, stageSignal, { to, ...payload }, stageRef);
  }

  // ---------- peer connections ----------

  private newPeer(id: string): Peer {
    this.closePeer(id);
    // No iceServers: host candidates only, so the stage works offline on a LAN and asks nobody outside.
    const pc = this.createPc({ iceServers: [] });
    const peer: Peer = { pc, pending: [] };
    this.peers.set(id, peer);
    pc.onicecandidate = (event) => {
      if (event.candidate && this.peers.get(id) === peer) this.signal(id, { candidate: candidateJson(event.candidate) });
    };
    pc.onconnectionstatechange = () => this.onPeerState(id, peer);
    return peer;
  }

  private async offerTo(viewerId: string) {
    const stream = this.stream;
    if (this.role !== 'host' || !stream) return;
    const peer = this.newPeer(viewerId);
    this.set({ viewers: this.peers.size });
    try {
      for (const track of stream.getTracks()) peer.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      const offer = await peer.pc.createOffer();
      await peer.pc.setLocalDescription(offer);
      if (this.peers.get(viewerId) !== peer) return;
      this.signal(viewerId, { description: { type: 'offer', sdp: offer.sdp ?? '' } });
    } catch (error) {
      // One viewer's failure must not take the show down: drop that viewer, who will ask again.
      if (this.peers.get(viewerId) === peer) this.closePeer(viewerId);
      this.set({ viewers: this.peers.size });
      console.warn('local stage: offer failed', error);
    }
  }

  private async answer(hostId: string, offer: StageDescription) {
    const peer = this.newPeer(hostId);
    peer.pc.ontrack = (event) => {
      const received = this.received;
      if (!received || this.peers.get(hostId) !== peer) return;
      // One track per kind: a renegotiated or replaced track takes the old one's place.
      for (const old of received.getTracks()) {
        if (old.kind === event.track.kind && old !== event.track) {
          received.removeTrack(old);
          old.stop();
        }
      }
      if (!received.getTracks().includes(event.track)) received.addTrack(event.track);
    };
    await peer.pc.setRemoteDescription(offer);
    await this.flushCandidates(peer);
    const answer = await peer.pc.createAnswer();
    await peer.pc.setLocalDescription(answer);
    if (this.peers.get(hostId) !== peer) return;
    this.signal(hostId, { description: { type: 'answer', sdp: answer.sdp ?? '' } });
  }

  private async flushCandidates(peer: Peer) {
    const pending = peer.pending.splice(0);
    for (const candidate of pending) await peer.pc.addIceCandidate(candidate);
  }

  private onPeerState(id: string, peer: Peer) {
    if (this.closed || this.peers.get(id) !== peer) return;
    const state = peer.pc.connectionState;
    if (this.role === 'host') {
      // A viewer whose connection failed asks again (stage.join); its old connection is dead weight.
      if (state === 'failed' || state === 'closed') {
        this.closePeer(id);
        this.set({ viewers: this.peers.size });
      }
      return;
    }
    if (state === 'connected') this.set({ state: 'live', waitingForHost: false, error: undefined });
    // ICE often recovers from 'disconnected' by itself (a Wi-Fi blip); say so, and wait.
    else if (state === 'disconnected') this.set({ state: 'reconnecting' });
    else if (state === 'failed') {
      // Beyond recovery: ask for a place again, and the host makes a fresh connection.
      this.closePeer(id);
      this.set({ state: 'reconnecting' });
      if (this.socketState === 'open') this.announce();
    }
  }

  private closePeer(id: string) {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    peer.pc.onicecandidate = null;
    peer.pc.onconnectionstatechange = null;
    peer.pc.ontrack = null;
    peer.pc.close();
  }

  private async replaceTracks(pc: RTCPeerConnection, stream: MediaStream) {
    for (const sender of pc.getSenders()) {
      const kind = sender.track?.kind;
      const next = stream.getTracks().find((t) => t.kind === kind);
      if (next && next !== sender.track) await sender.replaceTrack(next);
    }
  }

  private fail(error: unknown) {
    if (this.closed) return;
    console.warn('local stage: signalling failed', error);
    if (this.role === 'viewer') {
      // A broken negotiation is retried from scratch, like a failed connection.
      for (const id of [...this.peers.keys()]) this.closePeer(id);
      this.set({ state: 'reconnecting' });
      if (this.socketState === 'open') this.announce();
    }
  }

  private set(patch: Partial<MediaStatus>) {
    if (this.closed && patch.state !== 'ended') return;
    this.store.setState(patch);
  }
}

function candidateJson(candidate: RTCIceCandidate): StageCandidate {
  const json = candidate.toJSON();
  return {
    candidate: json.candidate ?? '',
    sdpMid: json.sdpMid ?? null,
    sdpMLineIndex: json.sdpMLineIndex ?? null,
    ...(json.usernameFragment ? { usernameFragment: json.usernameFragment } : {}),
  };
}
