// LiveKit behind the same MediaSession interface (DESIGN.md §1, when LIVEKIT_* are configured): one
// Room per session, simulcast on the host's camera, adaptive stream and dynacast for viewers, and
// the Room's reconnect events mapped onto the shared state.
//
// livekit-client is loaded on demand and described here by the few members this file uses, so the
// local stage (the default) never downloads it, and tests drive this class with a fake Room.
import { createMediaStatusStore, type MediaSession, type MediaStatus } from './session';

type Listener = (...args: never[]) => void;

export interface LiveKitRemoteTrack {
  readonly kind: string;
  readonly mediaStreamTrack: MediaStreamTrack;
  attach(element: HTMLMediaElement): HTMLMediaElement;
  detach(element: HTMLMediaElement): HTMLMediaElement;
}

export interface LiveKitRoom {
  connect(url: string, token: string): Promise<void>;
  disconnect(): Promise<void>;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  readonly localParticipant: {
    publishTrack(track: MediaStreamTrack, options: { simulcast?: boolean; source?: string }): Promise<{ track?: { replaceTrack(track: MediaStreamTrack): Promise<unknown> } }>;
  };
}

/** The parts of livekit-client's module this session uses. */
export interface LiveKitModule {
  Room: new (options: { adaptiveStream: boolean; dynacast: boolean }) => LiveKitRoom;
  RoomEvent: { Reconnecting: string; Reconnected: string; Disconnected: string; TrackSubscribed: string; TrackUnsubscribed: string };
  Track: { Source: { Camera: string; Microphone: string } };
}

export interface LiveKitDeps {
  url: string;
  token: string;
  /** Absent when this build has no LiveKit client: the session says so instead of failing silently. */
  load?: () => Promise<LiveKitModule>;
  createMediaStream?: () => MediaStream;
}

export class LiveKitSession implements MediaSession {
  readonly kind = 'livekit' as const;
  readonly store = createMediaStatusStore();
  private room: LiveKitRoom | null = null;
  private readonly listeners: [string, Listener][] = [];
  private received: MediaStream | null = null;
  private readonly remoteTracks = new Set<LiveKitRemoteTrack>();
  private readonly attached = new Set<HTMLMediaElement>();
  private readonly published = new Map<string, { replaceTrack(track: MediaStreamTrack): Promise<unknown> }>();
  private connecting: Promise<LiveKitModule | null> | null = null;
  private closed = false;

  constructor(private readonly deps: LiveKitDeps) {}

  getState(): MediaStatus {
    return this.store.getState();
  }

  async publish(stream: MediaStream): Promise<void> {
    const lk = await this.connect();
    if (!lk || !this.room) return;
    for (const track of stream.getTracks()) {
      const existing = this.published.get(track.kind);
      if (existing) {
        await existing.replaceTrack(track);
        continue;
      }
      // Simulcast: LiveKit forwards each viewer the layer its screen and connection can take.
      const publication = await this.room.localParticipant.publishTrack(track, {
        simulcast: track.kind === 'video',
        source: track.kind === 'video' ? lk.Track.Source.Camera : lk.Track.Source.Microphone,
      });
      if (publication.track) this.published.set(track.kind, publication.track);
    }
  }

  subscribe(): MediaStream {
    if (!this.received) {
      this.received = (this.deps.createMediaStream ?? (() => new MediaStream()))();
      void this.connect();
    }
    return this.received;
  }

  /** Adaptive stream sizes and pauses video by the elements it plays in, so viewers attach theirs. */
  attach(element: HTMLMediaElement): () => void {
    this.attached.add(element);
    for (const track of this.remoteTracks) track.attach(element);
    return () => {
      this.attached.delete(element);
      for (const track of this.remoteTracks) track.detach(element);
    };
  }

  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    const room = this.room;
    this.room = null;
    if (room) {
      for (const [event, listener] of this.listeners) room.off(event, listener);
      void room.disconnect();
    }
    this.listeners.length = 0;
    for (const track of this.remoteTracks) for (const element of this.attached) track.detach(element);
    this.remoteTracks.clear();
    this.published.clear();
    for (const track of this.received?.getTracks() ?? []) this.received?.removeTrack(track);
    this.store.setState({ state: 'ended' });
  }

  private connect(): Promise<LiveKitModule | null> {
    this.connecting ??= this.open();
    return this.connecting;
  }

  private async open(): Promise<LiveKitModule | null> {
    if (!this.deps.load) {
      this.store.setState({ state: 'error', error: 'This build has no LiveKit client (install livekit-client).' });
      return null;
    }
    this.store.setState({ state: 'connecting' });
    try {
      const lk = await this.deps.load();
      if (this.closed) return null;
      const room = new lk.Room({ adaptiveStream: true, dynacast: true });
      this.room = room;
      const on = (event: string, listener: Listener) => {
        room.on(event, listener);
        this.listeners.push([event, listener]);
      };
      on(lk.RoomEvent.Reconnecting, () => this.setIfOpen({ state: 'reconnecting' }));
      on(lk.RoomEvent.Reconnected, () => this.setIfOpen({ state: 'live' }));
      // The Room gave up reconnecting (or the server closed it): the show is over for this session.
      on(lk.RoomEvent.Disconnected, () => this.setIfOpen({ state: 'ended' }));
      on(lk.RoomEvent.TrackSubscribed, ((track: LiveKitRemoteTrack) => this.addTrack(track)) as Listener);
      on(lk.RoomEvent.TrackUnsubscribed, ((track: LiveKitRemoteTrack) => this.removeTrack(track)) as Listener);
      await room.connect(this.deps.url, this.deps.token);
      if (this.closed) {
        void room.disconnect();
        return null;
      }
      this.store.setState({ state: 'live', error: undefined });
      return lk;
    } catch (error) {
      this.setIfOpen({ state: 'error', error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  private addTrack(track: LiveKitRemoteTrack) {
    this.remoteTracks.add(track);
    for (const element of this.attached) track.attach(element);
    const received = this.received;
    if (!received) return;
    for (const old of received.getTracks()) if (old.kind === track.kind) received.removeTrack(old);
    received.addTrack(track.mediaStreamTrack);
  }

  private removeTrack(track: LiveKitRemoteTrack) {
    this.remoteTracks.delete(track);
    for (const element of this.attached) track.detach(element);
    this.received?.removeTrack(track.mediaStreamTrack);
  }

  private setIfOpen(patch: Partial<MediaStatus>) {
    if (!this.closed) this.store.setState(patch);
  }
}
