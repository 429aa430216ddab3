import { describe, expect, it, vi } from 'vitest';
import { createRoomMedia } from './factory';
import { LiveKitRoomMedia, type LiveKitRoomModule } from './livekit';
import { MeshRoomMedia } from './mesh';
import { FakeRealtime, FakeTrack, fakeStreamFactory, settle } from './fakes.test-helpers';

const RoomEvent = {
  Reconnecting: 'reconnecting',
  Reconnected: 'reconnected',
  Disconnected: 'disconnected',
  TrackSubscribed: 'trackSubscribed',
  TrackUnsubscribed: 'trackUnsubscribed',
  ParticipantDisconnected: 'participantDisconnected',
  ActiveSpeakersChanged: 'activeSpeakersChanged',
};

function fakeLiveKit(options: { cameraDenied?: boolean; connectFails?: string } = {}) {
  const rooms: FakeRoom[] = [];
  class FakeRoom {
    readonly listeners = new Map<string, Set<(...args: never[]) => void>>();
    readonly connect = vi.fn(async () => {
      if (options.connectFails) throw new Error(options.connectFails);
    });
    readonly disconnect = vi.fn(async () => undefined);
    readonly published = new Map<string, FakeTrack>();
    readonly localParticipant = {
      setMicrophoneEnabled: vi.fn(async (on: boolean) => {
        if (on) this.published.set('microphone', new FakeTrack('audio'));
        else this.published.delete('microphone');
      }),
      setCameraEnabled: vi.fn(async (on: boolean) => {
        if (on && options.cameraDenied) throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
        if (on) this.published.set('camera', new FakeTrack('video'));
        else this.published.delete('camera');
      }),
      getTrackPublication: (source: string) => {
        const track = this.published.get(source);
        return track ? { track: { kind: track.kind, mediaStreamTrack: track as unknown as MediaStreamTrack } } : undefined;
      },
    };
    constructor(readonly options: unknown) {
      rooms.push(this);
    }
    on(event: string, listener: (...args: never[]) => void) {
      const set = this.listeners.get(event) ?? new Set();
      set.add(listener);
      this.listeners.set(event, set);
    }
    off(event: string, listener: (...args: never[]) => void) {
      this.listeners.get(event)?.delete(listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
    }
    listenerCount() {
      return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
    }
  }
  const module = { Room: FakeRoom, RoomEvent, Track: { Source: { Camera: 'camera', Microphone: 'microphone' } } } as unknown as LiveKitRoomModule;
  return { module, rooms };
}

const remoteTrack = (kind: 'audio' | 'video') => {
  const track = new FakeTrack(kind);
  return { kind, mediaStreamTrack: track };
};

describe('LiveKitRoomMedia', () => {
  it('connects with the server’s token, publishes camera and microphone, and shows friends by member', async () => {
    const { module, rooms } = fakeLiveKit();
    const media = new LiveKitRoomMedia({ url: 'wss://lk', token: 'tkn', load: async () => module, createMediaStream: fakeStreamFactory });
    await media.join();
    const room = rooms[0]!;
    expect(room.connect).toHaveBeenCalledWith('wss://lk', 'tkn');
    expect(room.options).toEqual({ adaptiveStream: true, dynacast: true });
    expect(media.getState()).toMatchObject({ state: 'live', local: { micOn: true, cameraOn: true, problem: null } });
    expect(media.getState().local.stream?.getTracks()).toHaveLength(2);

    const video = remoteTrack('video');
    room.emit(RoomEvent.TrackSubscribed, video, {}, { identity: 'member:m-b' });
    expect(media.getState().peers['member:m-b']).toMatchObject({ memberId: 'm-b', connection: 'connected' });
    expect(media.getState().peers['member:m-b']!.stream.getTracks()).toEqual([video.mediaStreamTrack]);
    room.emit(RoomEvent.ActiveSpeakersChanged, [{ identity: 'member:m-b', audioLevel: 0.42 }]);
    expect(media.getState().peers['member:m-b']!.level).toBe(0.4);
    room.emit(RoomEvent.ParticipantDisconnected, { identity: 'member:m-b' });
    expect(media.getState().peers).toEqual({});
  });

  it('joins with the microphone alone when the camera is denied', async () => {
    const { module } = fakeLiveKit({ cameraDenied: true });
    const media = new LiveKitRoomMedia({ url: 'wss://lk', token: 't', load: async () => module, createMediaStream: fakeStreamFactory });
    await media.join();
    expect(media.getState().local).toMatchObject({ micOn: true, cameraOn: false, problem: 'denied' });
  });

  it('mutes and turns the camera off through the local participant', async () => {
    const { module, rooms } = fakeLiveKit();
    const media = new LiveKitRoomMedia({ url: 'wss://lk', token: 't', load: async () => module, createMediaStream: fakeStreamFactory });
    await media.join();
    media.setMic(false);
    await settle();
    expect(rooms[0]!.localParticipant.setMicrophoneEnabled).toHaveBeenLastCalledWith(false);
    expect(media.getState().local.micOn).toBe(false);
    await media.setCamera(false);
    expect(media.getState().local.cameraOn).toBe(false);
  });

  it('maps the Room’s reconnects, and releases the Room and its listeners on leave', async () => {
    const { module, rooms } = fakeLiveKit();
    const media = new LiveKitRoomMedia({ url: 'wss://lk', token: 't', load: async () => module, createMediaStream: fakeStreamFactory });
    await media.join();
    const room = rooms[0]!;
    room.emit(RoomEvent.Reconnecting);
    expect(media.getState().state).toBe('reconnecting');
    room.emit(RoomEvent.Reconnected);
    expect(media.getState().state).toBe('live');
    media.leave();
    expect(room.disconnect).toHaveBeenCalled();
    expect(room.listenerCount()).toBe(0);
    expect(media.getState().state).toBe('ended');
  });

  it('says what went wrong when it cannot connect', async () => {
    const { module } = fakeLiveKit({ connectFails: 'could not establish signal connection' });
    const media = new LiveKitRoomMedia({ url: 'wss://lk', token: 't', load: async () => module, createMediaStream: fakeStreamFactory });
    await media.join();
    expect(media.getState()).toMatchObject({ state: 'error', error: 'could not establish signal connection' });
  });
});

describe('createRoomMedia', () => {
  it('picks the mesh for the local stage and LiveKit when the server hands out a token', () => {
    const realtime = new FakeRealtime().asClient<never>();
    expect(createRoomMedia({ kind: 'local', memberId: 'm' }, 'r1', { realtime })).toBeInstanceOf(MeshRoomMedia);
    expect(createRoomMedia({ kind: 'livekit', url: 'wss://lk', token: 't', expiresAt: '', memberId: 'm' }, 'r1', { realtime })).toBeInstanceOf(LiveKitRoomMedia);
  });
});
