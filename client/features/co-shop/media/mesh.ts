// The room's voice and video on the local stage: a small peer-to-peer mesh, one RTCPeerConnection
// per other member, signalled through /ws (common/rooms.ts: room.mesh.*; the server relays between
// members of one room). No STUN or TURN: on loopback and a LAN host candidates connect directly, and
// nothing leaves the network.
//
// The one who enters the mesh later makes the offers (to every peer in `room.mesh.peers`); peers
// already there wait for the newcomer's offer, so two friends never both offer (no glare). Every
// connection carries one audio and one video transceiver in both directions from the start, so
// switching the camera off and on, or a friend whose camera was denied, never needs a new
// negotiation: tracks are swapped in place with replaceTrack.
import { roomMeshJoin, roomMeshLeave, roomMeshSignal, type RoomMeshDirectMessages, type RoomMeshPeer } from '../../../../common/rooms';
import type { Channel, ServerDirect, ServerError } from '../../../../common/realtime';
import type { StageCandidate, StageDescription } from '../../../../common/stage';
import type { ConnectionState, RealtimeClient } from '../../../lib/realtime';
import {
  acquireLocalMedia,
  createRoomMediaStore,
  deviceProblemOf,
  type GetUserMedia,
  type RemotePeer,
  type RoomMediaSession,
  type RoomMediaStatus,
} from './session';

type MeshSignal = { description: StageDescription; candidate?: undefined } | { candidate: StageCandidate; description?: undefined };

/** A microphone level meter (Web Audio in the browser; tests pass a fake). */
export interface LevelMeter {
  read(): number;
  close(): void;
}

export interface MeshDeps {
  realtime: Pick<RealtimeClient, 'subscribe' | 'publish' | 'getState'>;
  roomId: string;
  getUserMedia?: GetUserMedia;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createMediaStream?: (tracks?: MediaStreamTrack[]) => MediaStream;
  createLevelMeter?: (stream: MediaStream) => LevelMeter | null;
  /** How often voice levels are sampled (ms). */
  levelIntervalMs?: number;
  /** How long the offering side waits before offering again after a connection failed (ms). */
  retryDelayMs?: number;
}

/**
 * Errors for the mesh's own messages carry these refs, so a cart or chat error in the same channel
 * is not taken for ours. A refused join matters; a refused signal is one candidate that crossed a
 * peer leaving (the peer-left message is on its way) and is dropped.
 */
const joinRef = 'mesh';
const signalRef = 'mesh-signal';
/** A refused join is tried again this often, this many times, before the room says video is unavailable. */
const joinRetryMs = 2000;
const joinAttempts = 3;

interface Peer {
  pc: RTCPeerConnection;
  memberId: string | null;
  stream: MediaStream;
  /** This side made the offer, so it is this side that offers again after a failure. */
  offerer: boolean;
  /** Candidates that arrived before the remote description: addIceCandidate needs it first. */
  pending: RTCIceCandidateInit[];
}

const kinds = ['audio', 'video'] as const;
/** Levels are kept to one decimal, so the store (and React) changes only when a voice really does. */
const quantize = (level: number) => Math.round(Math.min(1, Math.max(0, level)) * 10) / 10;

export class MeshRoomMedia implements RoomMediaSession {
  readonly kind = 'mesh' as const;
  readonly store = createRoomMediaStore();
  private readonly channel: Channel;
  private readonly peers = new Map<string, Peer>();
  /** Member of each peer connection the server told us about. */
  private readonly memberOf = new Map<string, string>();
  private stream: MediaStream | null = null;
  private meter: LevelMeter | null = null;
  private levelTimer: ReturnType<typeof setInterval> | null = null;
  private joined = false;
  /** Set once our camera and microphone are in hand: we enter the mesh with them from the start. */
  private ready = false;
  private closed = false;
  private socketState: ConnectionState;
  private leaveChannel: (() => void) | null = null;
  private stopWatchingSocket: (() => void) | null = null;
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private joinFailures = 0;
  private readonly createPc: (config: RTCConfiguration) => RTCPeerConnection;
  private readonly createStream: (tracks?: MediaStreamTrack[]) => MediaStream;
  private readonly getUserMedia: GetUserMedia;

  constructor(private readonly deps: MeshDeps) {
    this.channel = `room:${deps.roomId}`;
    this.createPc = deps.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.createStream = deps.createMediaStream ?? ((tracks) => (tracks ? new MediaStream(tracks) : new MediaStream()));
    this.getUserMedia = deps.getUserMedia ?? ((c) => navigator.mediaDevices.getUserMedia(c));
    this.socketState = deps.realtime.getState();
  }

  getState(): RoomMediaStatus {
    return this.store.getState();
  }

  async join(): Promise<void> {
    if (this.joined || this.closed) return;
    this.joined = true;
    this.store.setState({ state: 'connecting' });
    const { stream, problem } = await acquireLocalMedia(this.getUserMedia);
    if (this.closed) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      return;
    }
    this.stream = stream;
    this.meter = stream && stream.getAudioTracks().length ? (this.deps.createLevelMeter?.(stream) ?? null) : null;
    this.setLocal({ stream, problem, cameraOn: Boolean(stream?.getVideoTracks().length), micOn: Boolean(stream?.getAudioTracks().length) });
    this.levelTimer = setInterval(() => this.sampleLevels(), this.deps.levelIntervalMs ?? 250);
    this.ready = true;
    this.leaveChannel = this.deps.realtime.subscribe(this.channel, {
      direct: (message) => this.onDirect(message),
      error: (error) => this.onError(error),
    });
    this.stopWatchingSocket = this.deps.realtime.subscribe(() => this.onSocketState());
    this.socketState = this.deps.realtime.getState();
    if (this.socketState === 'open') this.enterMesh();
  }

  setMic(on: boolean): void {
    // A muted microphone keeps its track (enabled=false sends silence): unmuting is instant and needs no prompt.
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = on;
    if (this.stream?.getAudioTracks().length) this.setLocal({ micOn: on });
  }

  async setCamera(on: boolean): Promise<void> {
    const stream = this.stream;
    if (this.closed || !this.ready) return;
    if (!on) {
      // Stopped, not just disabled: the camera light goes off when the friend turns the camera off.
      for (const track of stream?.getVideoTracks() ?? []) {
        track.stop();
        stream?.removeTrack(track);
      }
      await this.replaceAll('video', null);
      this.setLocal({ cameraOn: false, stream: this.freshLocalStream() });
      return;
    }
    let video: MediaStreamTrack | undefined;
    try {
      video = (await this.getUserMedia({ video: true })).getVideoTracks()[0];
    } catch (error) {
      this.setLocal({ problem: deviceProblemOf(error) });
      return;
    }
    if (!video) return;
    if (this.closed) return video.stop();
    if (this.stream) this.stream.addTrack(video);
    else this.stream = this.createStream([video]);
    await this.replaceAll('video', video);
    this.setLocal({ cameraOn: true, problem: null, stream: this.freshLocalStream() });
  }

  leave(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ready) this.deps.realtime.publish(this.channel, roomMeshLeave, {}, joinRef);
    for (const id of [...this.peers.keys()]) this.closePeer(id);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.levelTimer) clearInterval(this.levelTimer);
    this.levelTimer = null;
    this.meter?.close();
    this.meter = null;
    this.leaveChannel?.();
    this.stopWatchingSocket?.();
    this.leaveChannel = this.stopWatchingSocket = null;
    // Our own tracks were made by this session, so they are ours to stop.
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.store.setState({ state: 'ended', peers: {}, local: { ...this.getState().local, stream: null, level: 0 } });
  }

  // ---------- signalling ----------

  /** Tells the server we are in the mesh; again after every new socket, since the server forgets a closed one. */
  private enterMesh() {
    this.deps.realtime.publish(this.channel, roomMeshJoin, {}, joinRef);
  }

  private onSocketState() {
    const previous = this.socketState;
    this.socketState = this.deps.realtime.getState();
    if (this.closed || previous === this.socketState) return;
    // After the client has subscribed the channel again on the new socket (it does so right after
    // telling us it is open): a publish before that subscribe would be refused.
    if (this.socketState === 'open') return void queueMicrotask(() => this.onSocketOpenAgain());
    if (previous === 'open') {
      // The server dropped us from the mesh with the socket and the friends close their side; we
      // offer afresh to everyone once the socket is back.
      for (const id of [...this.peers.keys()]) this.closePeer(id);
      this.store.setState({ state: 'reconnecting' });
    }
  }

  private onSocketOpenAgain() {
    if (this.closed || this.socketState !== 'open') return;
    this.joinFailures = 0;
    this.enterMesh();
  }

  private onError(error: ServerError) {
    if (this.closed) return;
    if (error.ref === signalRef) return console.warn('room mesh: a signal was refused', error.message);
    if (error.ref !== joinRef) return;
    this.joinFailures += 1;
    if (this.joinFailures >= joinAttempts) return this.store.setState({ state: 'error', error: error.message });
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (!this.closed && this.socketState === 'open') this.enterMesh();
    }, joinRetryMs);
    this.retryTimers.add(timer);
  }

  private onDirect(message: ServerDirect) {
    if (this.closed || !message.type.startsWith('room.mesh.')) return;
    switch (message.type) {
      case 'room.mesh.peers': {
        const d = message.data as RoomMeshDirectMessages['room.mesh.peers'];
        // We (re)entered: whatever we had is stale, and we are the newcomer who offers.
        for (const id of [...this.peers.keys()]) this.closePeer(id);
        this.memberOf.clear();
        for (const peer of d.peers) if (peer.connectionId !== d.connectionId) this.offerTo(peer);
        this.joinFailures = 0;
        this.store.setState({ state: 'live', error: undefined });
        return;
      }
      case 'room.mesh.peer-joined': {
        const d = message.data as RoomMeshDirectMessages['room.mesh.peer-joined'];
        // A friend (re)entered: their offer follows; an old connection to that id is dead.
        this.closePeer(d.connectionId);
        this.memberOf.set(d.connectionId, d.memberId);
        return;
      }
      case 'room.mesh.peer-left': {
        const d = message.data as RoomMeshDirectMessages['room.mesh.peer-left'];
        this.closePeer(d.connectionId);
        this.memberOf.delete(d.connectionId);
        return;
      }
      case 'room.mesh.signal': {
        const d = message.data as RoomMeshDirectMessages['room.mesh.signal'];
        this.memberOf.set(d.from, d.memberId);
        const signal = (d.description ? { description: d.description } : { candidate: d.candidate }) as MeshSignal;
        void this.onSignal(d.from, signal).catch((error: unknown) => {
          console.warn('room mesh: signalling failed', error);
          // A broken negotiation is dropped; the offering side tries again.
          const peer = this.peers.get(d.from);
          this.closePeer(d.from);
          if (peer?.offerer) this.scheduleRetry(d.from);
        });
        return;
      }
    }
  }

  private send(to: string, signal: MeshSignal) {
    this.deps.realtime.publish(this.channel, roomMeshSignal, { to, ...signal }, signalRef);
  }

  private offerTo(peerInfo: RoomMeshPeer) {
    this.memberOf.set(peerInfo.connectionId, peerInfo.memberId);
    void this.makeOffer(peerInfo.connectionId).catch((error: unknown) => {
      console.warn('room mesh: offer failed', error);
      this.closePeer(peerInfo.connectionId);
      this.scheduleRetry(peerInfo.connectionId);
    });
  }

  private async makeOffer(id: string) {
    const peer = this.newPeer(id, true);
    for (const kind of kinds) {
      const track = this.localTrack(kind);
      peer.pc.addTransceiver(track ?? kind, { direction: 'sendrecv', ...(track && this.stream ? { streams: [this.stream] } : {}) });
    }
    const offer = await peer.pc.createOffer();
    await peer.pc.setLocalDescription(offer);
    if (this.peers.get(id) !== peer) return;
    this.send(id, { description: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  private async onSignal(from: string, signal: MeshSignal) {
    if (signal.description?.type === 'offer') {
      // The other side starts over (it entered, or its connection failed): so do we.
      const peer = this.newPeer(from, false);
      await peer.pc.setRemoteDescription(signal.description);
      for (const transceiver of peer.pc.getTransceivers()) {
        const kind = transceiver.receiver.track.kind as 'audio' | 'video';
        transceiver.direction = 'sendrecv';
        const track = this.localTrack(kind);
        if (track) await transceiver.sender.replaceTrack(track);
      }
      await this.flushCandidates(peer);
      const answer = await peer.pc.createAnswer();
      await peer.pc.setLocalDescription(answer);
      if (this.peers.get(from) !== peer) return;
      this.send(from, { description: { type: 'answer', sdp: answer.sdp ?? '' } });
      return;
    }
    const peer = this.peers.get(from);
    if (!peer) return;
    if (signal.description?.type === 'answer') {
      await peer.pc.setRemoteDescription(signal.description);
      await this.flushCandidates(peer);
    } else if (signal.candidate) {
      if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(signal.candidate);
      else peer.pending.push(signal.candidate);
    }
  }

  // ---------- connections ----------

  private newPeer(id: string, offerer: boolean): Peer {
    this.closePeer(id);
    // No iceServers: host candidates only, so the mesh works offline on a LAN and asks nobody outside.
    const pc = this.createPc({ iceServers: [] });
    const peer: Peer = { pc, memberId: this.memberOf.get(id) ?? null, stream: this.createStream(), offerer, pending: [] };
    this.peers.set(id, peer);
    pc.onicecandidate = (event) => {
      if (event.candidate && this.peers.get(id) === peer) this.send(id, { candidate: candidateJson(event.candidate) });
    };
    pc.ontrack = (event) => {
      if (this.peers.get(id) !== peer) return;
      const tracks = peer.stream.getTracks().filter((old) => old.kind !== event.track.kind || old === event.track);
      if (!tracks.includes(event.track)) tracks.push(event.track);
      // A new stream object: the tile's <video> takes it afresh.
      peer.stream = this.createStream(tracks);
      this.publishPeers();
    };
    pc.onconnectionstatechange = () => this.onPeerState(id, peer);
    this.publishPeers();
    return peer;
  }

  private onPeerState(id: string, peer: Peer) {
    if (this.closed || this.peers.get(id) !== peer) return;
    if (peer.pc.connectionState === 'failed') {
      // Beyond ICE's own recovery: the offering side makes a new connection.
      this.closePeer(id);
      if (peer.offerer) this.scheduleRetry(id);
      return;
    }
    this.publishPeers();
  }

  private scheduleRetry(id: string) {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      const memberId = this.memberOf.get(id);
      if (memberId && !this.peers.has(id) && this.socketState === 'open') this.offerTo({ connectionId: id, memberId });
    }, this.deps.retryDelayMs ?? 1000);
    this.retryTimers.add(timer);
  }

  private async flushCandidates(peer: Peer) {
    for (const candidate of peer.pending.splice(0)) await peer.pc.addIceCandidate(candidate);
  }

  private closePeer(id: string) {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    peer.pc.onicecandidate = null;
    peer.pc.ontrack = null;
    peer.pc.onconnectionstatechange = null;
    peer.pc.close();
    // Received tracks end with their connection.
    for (const track of peer.stream.getTracks()) track.stop();
    this.publishPeers();
  }

  private async replaceAll(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    await Promise.all(
      [...this.peers.values()].flatMap((peer) =>
        peer.pc
          .getTransceivers()
          .filter((t) => t.receiver.track.kind === kind)
          .map((t) => t.sender.replaceTrack(track)),
      ),
    );
  }

  private localTrack(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return kind === 'audio' ? this.stream?.getAudioTracks()[0] : this.stream?.getVideoTracks()[0];
  }

  /** A new stream object for our own preview, so React sees the change. */
  private freshLocalStream(): MediaStream | null {
    const tracks = this.stream?.getTracks() ?? [];
    return tracks.length ? this.createStream(tracks) : null;
  }

  // ---------- state ----------

  private sampleLevels() {
    if (this.closed) return;
    const local = this.getState().local;
    const mine = local.micOn && this.meter ? quantize(this.meter.read()) : 0;
    if (mine !== local.level) this.setLocal({ level: mine });
    let changed = false;
    const next: Record<string, RemotePeer> = { ...this.getState().peers };
    for (const [id, peer] of this.peers) {
      const level = quantize(remoteAudioLevel(peer.pc));
      const current = next[id];
      if (current && current.level !== level) {
        next[id] = { ...current, level };
        changed = true;
      }
    }
    if (changed) this.store.setState({ peers: next });
  }

  private publishPeers() {
    if (this.closed) return;
    const previous = this.getState().peers;
    const peers: Record<string, RemotePeer> = {};
    for (const [id, peer] of this.peers) {
      const state = peer.pc.connectionState;
      peers[id] = {
        id,
        memberId: peer.memberId,
        stream: peer.stream,
        connection: state === 'connected' ? 'connected' : state === 'disconnected' ? 'reconnecting' : 'connecting',
        level: previous[id]?.level ?? 0,
      };
    }
    this.store.setState({ peers });
  }

  private setLocal(patch: Partial<RoomMediaStatus['local']>) {
    this.store.setState((s) => ({ local: { ...s.local, ...patch } }));
  }
}

/** The loudest voice we receive on this connection, from the RTP audio-level header (no Web Audio needed). */
function remoteAudioLevel(pc: RTCPeerConnection): number {
  let level = 0;
  for (const receiver of pc.getReceivers()) {
    if (receiver.track.kind !== 'audio' || typeof receiver.getSynchronizationSources !== 'function') continue;
    for (const source of receiver.getSynchronizationSources()) level = Math.max(level, source.audioLevel ?? 0);
  }
  return level;
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

/** The microphone's level from Web Audio: the RMS of one analyser window, scaled like an RTP audio level. */
export function webAudioLevelMeter(stream: MediaStream): LevelMeter | null {
  if (typeof AudioContext === 'undefined') return null;
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  // One buffer for the life of the meter: sampling allocates nothing.
  const samples = new Float32Array(analyser.fftSize);
  return {
    read() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (let i = 0; i < samples.length; i += 1) sum += samples[i]! * samples[i]!;
      return Math.min(1, Math.sqrt(sum / samples.length) * 2);
    },
    close() {
      source.disconnect();
      void context.close();
    },
  };
}
