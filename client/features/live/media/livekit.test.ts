// LiveKitSession against a fake Room shaped like livekit-client's: the options it is made with,
// simulcast on the host's camera, reconnect events mapped to the state, and a full release on leave.
import { describe, expect, it, vi } from 'vitest';
import { FakeStream, FakeTrack } from './fakes.test-helpers';
import { LiveKitSession, type LiveKitModule, type LiveKitRemoteTrack } from './livekit';

type Handler = (...args: unknown[]) => void;

class FakeRoom {
  static last: FakeRoom | null = null;
  readonly handlers = new Map<string, Set<Handler>>();
  readonly connect = vi.fn(async () => undefined);
  readonly disconnect = vi.fn(async () => undefined);
  readonly published: { track: FakeTrack; options: unknown; replaceTrack: ReturnType<typeof vi.fn> }[] = [];
  readonly localParticipant = {
    publishTrack: vi.fn(async (track: FakeTrack, options: unknown) => {
      const entry = { track, options, replaceTrack: vi.fn(async () => undefined) };
      this.published.push(entry);
      return { track: { replaceTrack: entry.replaceTrack } };
    }),
  };
  constructor(readonly options: unknown) {
    FakeRoom.last = this;
  }
  on(event: string, handler: Handler) {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
  }
  off(event: string, handler: Handler) {
    this.handlers.get(event)?.delete(handler);
  }
  emit(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  listenerCount() {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0);
  }
}

const module = {
  Room: FakeRoom,
  RoomEvent: { Reconnecting: 'reconnecting', Reconnected: 'reconnected', Disconnected: 'disconnected', TrackSubscribed: 'trackSubscribed', TrackUnsubscribed: 'trackUnsubscribed' },
  Track: { Source: { Camera: 'camera', Microphone: 'microphone' } },
} as unknown as LiveKitModule;

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function remoteTrack(kind: 'audio' | 'video') {
  const mediaStreamTrack = new FakeTrack(kind);
  return { kind, mediaStreamTrack, attach: vi.fn(), detach: vi.fn() } as unknown as LiveKitRemoteTrack & { attach: ReturnType<typeof vi.fn>; detach: ReturnType<typeof vi.fn> };
}

describe('LiveKitSession', () => {
  it('publishes the host’s camera with simulcast and swaps tracks when published again', async () => {
    const session = new LiveKitSession({ url: 'wss://lk.example', token: 'host-token', load: async () => module });
    const mic = new FakeTrack('audio');
    await session.publish(new FakeStream([new FakeTrack('video'), mic]).asStream());
    const room = FakeRoom.last!;
    expect(room.options).toEqual({ adaptiveStream: true, dynacast: true });
    expect(room.connect).toHaveBeenCalledWith('wss://lk.example', 'host-token');
    expect(room.published.map((p) => p.options)).toEqual([
      { simulcast: true, source: 'camera' },
      { simulcast: false, source: 'microphone' },
    ]);
    expect(session.getState().state).toBe('live');
    const other = new FakeTrack('video');
    await session.publish(new FakeStream([other, mic]).asStream());
    expect(room.published[0]!.replaceTrack).toHaveBeenCalledWith(other);
    expect(room.localParticipant.publishTrack).toHaveBeenCalledTimes(2);
  });

  it('maps the Room’s reconnect events onto the state, gathers subscribed tracks, and releases everything on leave', async () => {
    const session = new LiveKitSession({ url: 'wss://lk.example', token: 'viewer-token', load: async () => module, createMediaStream: () => new FakeStream().asStream() });
    const stream = session.subscribe();
    await settle();
    const room = FakeRoom.last!;
    expect(session.getState().state).toBe('live');
    const element = {} as HTMLMediaElement;
    const detach = session.attach(element);
    const video = remoteTrack('video');
    room.emit('trackSubscribed', video);
    expect(stream.getTracks()).toEqual([video.mediaStreamTrack]);
    expect(video.attach).toHaveBeenCalledWith(element);

    room.emit('reconnecting');
    expect(session.getState().state).toBe('reconnecting');
    room.emit('reconnected');
    expect(session.getState().state).toBe('live');

    detach();
    expect(video.detach).toHaveBeenCalledWith(element);
    session.disconnect();
    expect(room.disconnect).toHaveBeenCalledTimes(1);
    expect(room.listenerCount()).toBe(0);
    expect(stream.getTracks()).toEqual([]);
    expect(session.getState().state).toBe('ended');
  });

  it('says so when the Room gives up, and when this build has no LiveKit client', async () => {
    const session = new LiveKitSession({ url: 'wss://lk.example', token: 't', load: async () => module, createMediaStream: () => new FakeStream().asStream() });
    session.subscribe();
    await settle();
    FakeRoom.last!.emit('disconnected');
    expect(session.getState().state).toBe('ended');

    const without = new LiveKitSession({ url: 'wss://lk.example', token: 't', createMediaStream: () => new FakeStream().asStream() });
    without.subscribe();
    await settle();
    expect(without.getState()).toMatchObject({ state: 'error', error: expect.stringContaining('livekit-client') });
  });

  it('reports a failed connection as an error', async () => {
    const failing = { ...module, Room: class extends FakeRoom {
      override connect = vi.fn(async () => {
        throw new Error('could not establish signal connection');
      });
    } } as unknown as LiveKitModule;
    const session = new LiveKitSession({ url: 'wss://lk.example', token: 't', load: async () => failing, createMediaStream: () => new FakeStream().asStream() });
    session.subscribe();
    await settle();
    expect(session.getState()).toMatchObject({ state: 'error', error: 'could not establish signal connection' });
  });
});
