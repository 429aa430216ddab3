// The room's voice and video through LiveKit (when the server is configured for it): one Room per
// member, publishing the member's own camera and microphone (the server's token allows nothing
// else, and only in this room), subscribing to the friends'. livekit-client is loaded only when
// the server hands out a LiveKit token, and described here by the few members this file uses, so
// the local mesh (the default) never downloads it and tests drive this class with a fake Room.
import { roomMediaIdentity } from '../../../../common/rooms';
import { createRoomMediaStore, deviceProblemOf, type RemotePeer, type RoomMediaSession, type RoomMediaStatus } from './session';

type Listener = (...args: never[]) => void;

export interface LiveKitTrackLike {
  readonly kind: string;
  readonly mediaStreamTrack: MediaStreamTrack;
}
export interface LiveKitParticipantLike {
  readonly identity: string;
  readonly audioLevel?: number;
}
export interface LiveKitLocalParticipant {
  setMicrophoneEnabled(enabled: boolean): Promise<unknown>;
  setCameraEnabled(enabled: boolean): Promise<unknown>;
  getTrackPublication(source: string): { track?: LiveKitTrackLike } | undefined;
}
export interface LiveKitRoomLike {
  connect(url: string, token: string): Promise<void>;
  disconnect(): Promise<void>;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  readonly localParticipant: LiveKitLocalParticipant;
}
export interface LiveKitRoomModule {
  Room: new (options: { adaptiveStream: boolean; dynacast: boolean }) => LiveKitRoomLike;
  RoomEvent: {
    Reconnecting: string;
    Reconnected: string;
    Disconnected: string;
    TrackSubscribed: string;
    TrackUnsubscribed: string;
    ParticipantDisconnected: string;
    ActiveSpeakersChanged: string;
  };
  Track: { Source: { Camera: string; Microphone: string } };
}

export interface LiveKitRoomDeps {
  url: string;
  token: string;
  load: () => Promise<LiveKitRoomModule>;
  createMediaStream?: (tracks?: MediaStreamTrack[]) => MediaStream;
}

const identityPrefix = roomMediaIdentity('');
const memberOfIdentity = (identity: string) => (identity.startsWith(identityPrefix) ? identity.slice(identityPrefix.length) : null);

export class LiveKitRoomMedia implements RoomMediaSession {
  readonly kind = 'livekit' as const;
  readonly store = createRoomMediaStore();
  private room: LiveKitRoomLike | null = null;
  private lk: LiveKitRoomModule | null = null;
  private readonly listeners: [string, Listener][] = [];
  private readonly received = new Map<string, MediaStreamTrack[]>();
  private closed = false;
  private readonly createStream: (tracks?: MediaStreamTrack[]) => MediaStream;

  constructor(private readonly deps: LiveKitRoomDeps) {
    this.createStream = deps.createMediaStream ?? ((tracks) => (tracks ? new MediaStream(tracks) : new MediaStream()));
  }

  getState(): RoomMediaStatus {
    return this.store.getState();
  }

  async join(): Promise<void> {
    if (this.room || this.closed) return;
    this.store.setState({ state: 'connecting' });
    try {
      const lk = await this.deps.load();
      if (this.closed) return;
      this.lk = lk;
      const room = new lk.Room({ adaptiveStream: true, dynacast: true });
      this.room = room;
      const on = (event: string, listener: Listener) => {
        room.on(event, listener);
        this.listeners.push([event, listener]);
      };
      on(lk.RoomEvent.Reconnecting, () => this.setIfOpen({ state: 'reconnecting' }));
      on(lk.RoomEvent.Reconnected, () => this.setIfOpen({ state: 'live' }));
      on(lk.RoomEvent.Disconnected, () => this.setIfOpen({ state: 'ended' }));
      on(lk.RoomEvent.TrackSubscribed, ((track: LiveKitTrackLike, _publication: unknown, participant: LiveKitParticipantLike) =>
        this.addTrack(participant.identity, track.mediaStreamTrack)) as Listener);
      on(lk.RoomEvent.TrackUnsubscribed, ((track: LiveKitTrackLike, _publication: unknown, participant: LiveKitParticipantLike) =>
        this.removeTrack(participant.identity, track.mediaStreamTrack)) as Listener);
      on(lk.RoomEvent.ParticipantDisconnected, ((participant: LiveKitParticipantLike) => this.dropParticipant(participant.identity)) as Listener);
      on(lk.RoomEvent.ActiveSpeakersChanged, ((speakers: LiveKitParticipantLike[]) => this.onSpeakers(speakers)) as Listener);
      await room.connect(this.deps.url, this.deps.token);
      if (this.closed) return void room.disconnect();
      this.store.setState({ state: 'live', error: undefined });
      await this.enableDevices(lk, room);
    } catch (error) {
      this.setIfOpen({ state: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  }

  setMic(on: boolean): void {
    const room = this.room;
    if (!room) return;
    void room.localParticipant.setMicrophoneEnabled(on).then(
      () => this.setLocalIfOpen({ micOn: on }),
      (error: unknown) => this.setLocalIfOpen({ micOn: false, problem: deviceProblemOf(error) }),
    );
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.room;
    const lk = this.lk;
    if (!room || !lk) return;
    try {
      await room.localParticipant.setCameraEnabled(on);
      this.setLocalIfOpen({ cameraOn: on, problem: null, stream: this.localStream(lk, room) });
    } catch (error) {
      this.setLocalIfOpen({ cameraOn: false, problem: deviceProblemOf(error) });
    }
  }

  leave(): void {
    if (this.closed) return;
    this.closed = true;
    const room = this.room;
    this.room = null;
    if (room) {
      for (const [event, listener] of this.listeners) room.off(event, listener);
      // Disconnecting unpublishes and stops the local tracks LiveKit made for us.
      void room.disconnect();
    }
    this.listeners.length = 0;
    this.received.clear();
    this.store.setState({ state: 'ended', peers: {}, local: { ...this.getState().local, stream: null, level: 0 } });
  }

  private async enableDevices(lk: LiveKitRoomModule, room: LiveKitRoomLike) {
    let micOn = true;
    let cameraOn = true;
    let problem: RoomMediaStatus['local']['problem'] = null;
    try {
      await room.localParticipant.setMicrophoneEnabled(true);
    } catch (error) {
      micOn = false;
      problem = deviceProblemOf(error);
    }
    try {
      await room.localParticipant.setCameraEnabled(true);
    } catch (error) {
      cameraOn = false;
      problem = deviceProblemOf(error);
    }
    this.setLocalIfOpen({ micOn, cameraOn, problem, stream: this.localStream(lk, room) });
  }

  private localStream(lk: LiveKitRoomModule, room: LiveKitRoomLike): MediaStream | null {
    const tracks = [lk.Track.Source.Microphone, lk.Track.Source.Camera]
      .map((source) => room.localParticipant.getTrackPublication(source)?.track?.mediaStreamTrack)
      .filter((t): t is MediaStreamTrack => Boolean(t));
    return tracks.length ? this.createStream(tracks) : null;
  }

  private addTrack(identity: string, track: MediaStreamTrack) {
    const tracks = (this.received.get(identity) ?? []).filter((t) => t.kind !== track.kind);
    tracks.push(track);
    this.received.set(identity, tracks);
    this.publish();
  }

  private removeTrack(identity: string, track: MediaStreamTrack) {
    const tracks = this.received.get(identity);
    if (!tracks) return;
    this.received.set(
      identity,
      tracks.filter((t) => t !== track),
    );
    this.publish();
  }

  private dropParticipant(identity: string) {
    this.received.delete(identity);
    this.publish();
  }

  private onSpeakers(speakers: LiveKitParticipantLike[]) {
    if (this.closed) return;
    const levels = new Map(speakers.map((s) => [s.identity, Math.round((s.audioLevel ?? 0.5) * 10) / 10]));
    const peers: Record<string, RemotePeer> = {};
    for (const [id, peer] of Object.entries(this.getState().peers)) peers[id] = { ...peer, level: levels.get(id) ?? 0 };
    this.store.setState({ peers });
  }

  private publish() {
    if (this.closed) return;
    const previous = this.getState().peers;
    const peers: Record<string, RemotePeer> = {};
    for (const [identity, tracks] of this.received) {
      const old = previous[identity];
      const same = old && old.stream.getTracks().length === tracks.length && tracks.every((t) => old.stream.getTracks().includes(t));
      peers[identity] = {
        id: identity,
        memberId: memberOfIdentity(identity),
        stream: same ? old.stream : this.createStream(tracks),
        connection: 'connected',
        level: old?.level ?? 0,
      };
    }
    this.store.setState({ peers });
  }

  private setIfOpen(patch: Partial<RoomMediaStatus>) {
    if (!this.closed) this.store.setState(patch);
  }

  private setLocalIfOpen(patch: Partial<RoomMediaStatus['local']>) {
    if (!this.closed) this.store.setState((s) => ({ local: { ...s.local, ...patch } }));
  }
}
