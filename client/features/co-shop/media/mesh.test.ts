import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MeshRoomMedia } from './mesh';
import { isSpeaking } from './session';
import { FakePeerConnection, FakeRealtime, FakeTrack, fakeGetUserMedia, fakePeerFactory, fakeStreamFactory, settle } from './fakes.test-helpers';

const channel = 'room:r1' as const;

function setup(outcome: Parameters<typeof fakeGetUserMedia>[0] = 'granted') {
  const realtime = new FakeRealtime();
  const gum = fakeGetUserMedia(outcome);
  const meterLevel = { value: 0 };
  const meterClose = vi.fn();
  const media = new MeshRoomMedia({
    realtime: realtime.asClient(),
    roomId: 'r1',
    getUserMedia: gum.fn,
    createPeerConnection: fakePeerFactory,
    createMediaStream: fakeStreamFactory,
    createLevelMeter: () => ({ read: () => meterLevel.value, close: meterClose }),
    levelIntervalMs: 100,
    retryDelayMs: 500,
  });
  const signals = () => realtime.ofType('room.mesh.signal').map((p) => p.data as Record<string, unknown>);
  /** The server's answer to room.mesh.join: we are c-new, these peers are there already. */
  const enter = (peers: { connectionId: string; memberId: string }[]) => realtime.direct(channel, 'room.mesh.peers', { connectionId: 'c-new', peers });
  return { media, realtime, gum, meterLevel, meterClose, signals, enter };
}

beforeEach(() => {
  FakePeerConnection.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MeshRoomMedia', () => {
  it('asks for camera and microphone first, then enters the mesh', async () => {
    const { media, realtime, gum } = setup();
    await media.join();
    expect(gum.fn).toHaveBeenCalledTimes(1);
    expect(gum.fn.mock.calls[0]![0]).toMatchObject({ audio: true, video: expect.anything() });
    expect(realtime.ofType('room.mesh.join')).toEqual([{ channel, type: 'room.mesh.join', data: {}, ref: 'mesh' }]);
  });

  it('as the newcomer, offers to every peer already there, with both transceivers sending and receiving and no STUN', async () => {
    const { media, realtime, signals, enter } = setup();
    await media.join();
    enter([
      { connectionId: 'c-a', memberId: 'm-a' },
      { connectionId: 'c-b', memberId: 'm-b' },
    ]);
    await settle();
    expect(FakePeerConnection.all).toHaveLength(2);
    const pc = FakePeerConnection.all[0]!;
    expect(pc.config.iceServers).toEqual([]);
    expect(pc.transceivers.map((t) => [t.receiver.track.kind, t.direction, t.sender.track?.kind ?? null])).toEqual([
      ['audio', 'sendrecv', 'audio'],
      ['video', 'sendrecv', 'video'],
    ]);
    expect(realtime.ofType('room.mesh.signal').every((p) => p.ref === 'mesh-signal')).toBe(true);
    expect(signals()).toEqual([
      { to: 'c-a', description: { type: 'offer', sdp: 'offer-0' } },
      { to: 'c-b', description: { type: 'offer', sdp: 'offer-1' } },
    ]);
    expect(media.getState().state).toBe('live');
    expect(Object.values(media.getState().peers).map((p) => [p.id, p.memberId, p.connection])).toEqual([
      ['c-a', 'm-a', 'connecting'],
      ['c-b', 'm-b', 'connecting'],
    ]);
  });

  it('waits for a newcomer’s offer and answers it with its own tracks', async () => {
    const { media, realtime, signals, enter } = setup();
    await media.join();
    enter([]);
    realtime.direct(channel, 'room.mesh.peer-joined', { connectionId: 'c-z', memberId: 'm-z' });
    await settle();
    expect(FakePeerConnection.all).toHaveLength(0);
    realtime.direct(channel, 'room.mesh.signal', { from: 'c-z', memberId: 'm-z', description: { type: 'offer', sdp: 'o' } });
    await settle();
    const pc = FakePeerConnection.all[0]!;
    expect(pc.remoteDescription).toEqual({ type: 'offer', sdp: 'o' });
    expect(pc.transceivers.map((t) => [t.direction, t.sender.track?.kind])).toEqual([
      ['sendrecv', 'audio'],
      ['sendrecv', 'video'],
    ]);
    expect(signals()).toEqual([{ to: 'c-z', description: { type: 'answer', sdp: 'answer-0' } }]);
    expect(media.getState().peers['c-z']!.memberId).toBe('m-z');
    pc.emitCandidate({ candidate: 'mine', sdpMid: '0', sdpMLineIndex: 0 });
    expect(signals().at(-1)).toEqual({ to: 'c-z', candidate: { candidate: 'mine', sdpMid: '0', sdpMLineIndex: 0 } });
  });

  it('holds candidates that arrive before the answer, and applies them after it', async () => {
    const { media, realtime, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    const pc = FakePeerConnection.all[0]!;
    realtime.direct(channel, 'room.mesh.signal', { from: 'c-a', memberId: 'm-a', candidate: { candidate: 'early' } });
    await settle();
    expect(pc.added).toEqual([]);
    realtime.direct(channel, 'room.mesh.signal', { from: 'c-a', memberId: 'm-a', description: { type: 'answer', sdp: 'ans' } });
    await settle();
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'ans' });
    expect(pc.added.map((c) => c.candidate)).toEqual(['early']);
    realtime.direct(channel, 'room.mesh.signal', { from: 'c-a', memberId: 'm-a', candidate: { candidate: 'late' } });
    await settle();
    expect(pc.added.map((c) => c.candidate)).toEqual(['early', 'late']);
  });

  it('shows received tracks in a fresh stream per peer, and marks the peer connected', async () => {
    const { media, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    const pc = FakePeerConnection.all[0]!;
    const audio = new FakeTrack('audio');
    const video = new FakeTrack('video');
    pc.emitTrack(audio);
    const first = media.getState().peers['c-a']!.stream;
    pc.emitTrack(video);
    pc.emitState('connected');
    const peer = media.getState().peers['c-a']!;
    expect(peer.connection).toBe('connected');
    expect(peer.stream.getTracks()).toEqual([audio, video]);
    expect(peer.stream).not.toBe(first);
    pc.emitState('disconnected');
    expect(media.getState().peers['c-a']!.connection).toBe('reconnecting');
  });

  it('joins without a camera when the camera is denied, says so, and still receives video', async () => {
    const { media, gum, enter } = setup('camera-denied');
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    expect(gum.fn).toHaveBeenCalledTimes(2);
    expect(media.getState().local).toMatchObject({ problem: 'denied', cameraOn: false, micOn: true });
    expect(FakePeerConnection.all[0]!.transceivers.map((t) => [t.receiver.track.kind, t.direction, t.sender.track?.kind ?? null])).toEqual([
      ['audio', 'sendrecv', 'audio'],
      ['video', 'sendrecv', null],
    ]);
  });

  it('receives only when camera and microphone are both denied', async () => {
    const { media, realtime } = setup('all-denied');
    await media.join();
    expect(media.getState().local).toMatchObject({ stream: null, problem: 'denied', micOn: false, cameraOn: false });
    expect(realtime.ofType('room.mesh.join')).toHaveLength(1);
  });

  it('mutes by disabling the microphone track, and turns the camera off by stopping it, without renegotiating', async () => {
    const { media, gum, signals, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    const [audio, video] = [gum.made[0]!.getAudioTracks()[0]!, gum.made[0]!.getVideoTracks()[0]!];
    media.setMic(false);
    expect(audio.enabled).toBe(false);
    expect(media.getState().local.micOn).toBe(false);
    media.setMic(true);
    expect(audio.enabled).toBe(true);

    const videoSender = FakePeerConnection.all[0]!.transceivers[1]!.sender;
    await media.setCamera(false);
    expect(video.stop).toHaveBeenCalled();
    expect(videoSender.replaceTrack).toHaveBeenLastCalledWith(null);
    expect(media.getState().local.cameraOn).toBe(false);
    expect(media.getState().local.stream?.getVideoTracks()).toEqual([]);

    await media.setCamera(true);
    const fresh = gum.made[1]!.getVideoTracks()[0]!;
    expect(videoSender.replaceTrack).toHaveBeenLastCalledWith(fresh);
    expect(media.getState().local.cameraOn).toBe(true);
    expect(FakePeerConnection.all).toHaveLength(1);
    expect(signals().filter((s) => s.description)).toHaveLength(1);
  });

  it('closes the connection of a peer who left, and stops what it received from them', async () => {
    const { media, realtime, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    const pc = FakePeerConnection.all[0]!;
    const received = new FakeTrack('video');
    pc.emitTrack(received);
    realtime.direct(channel, 'room.mesh.peer-left', { connectionId: 'c-a' });
    expect(pc.closed).toBe(true);
    expect(received.stop).toHaveBeenCalled();
    expect(media.getState().peers).toEqual({});
  });

  it('offers again after a failed connection when it made the offer', async () => {
    vi.useFakeTimers();
    const { media, signals, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await vi.advanceTimersByTimeAsync(0);
    FakePeerConnection.all[0]!.emitState('failed');
    expect(FakePeerConnection.all[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakePeerConnection.all).toHaveLength(2);
    expect(signals().filter((s) => s.description).map((s) => s.to)).toEqual(['c-a', 'c-a']);
    media.leave();
  });

  it('drops every connection when the socket goes, and enters the mesh again when it is back', async () => {
    const { media, realtime, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    realtime.setState('reconnecting');
    expect(FakePeerConnection.all[0]!.closed).toBe(true);
    expect(media.getState().state).toBe('reconnecting');
    realtime.setState('open');
    // Only once the client has subscribed the channel again on the new socket.
    expect(realtime.ofType('room.mesh.join')).toHaveLength(1);
    await settle();
    expect(realtime.ofType('room.mesh.join')).toHaveLength(2);
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    expect(FakePeerConnection.all).toHaveLength(2);
    expect(media.getState().state).toBe('live');
  });

  it('ignores a refused signal (it crossed a peer leaving) and errors for others in the room', async () => {
    const { media, realtime } = setup();
    await media.join();
    realtime.error(channel, { code: 'VALIDATION_FAILED', message: 'cart says no', ref: 'cart' });
    realtime.error(channel, { code: 'FORBIDDEN', message: 'That connection is not your peer in this room', ref: 'mesh-signal' });
    expect(media.getState().state).toBe('connecting');
    expect(realtime.ofType('room.mesh.join')).toHaveLength(1);
  });

  it('tries a refused join again, and says video is unavailable after the third refusal', async () => {
    vi.useFakeTimers();
    const { media, realtime } = setup();
    await media.join();
    for (let i = 0; i < 2; i += 1) {
      realtime.error(channel, { code: 'FORBIDDEN', message: 'not in this room', ref: 'mesh' });
      expect(media.getState().state).not.toBe('error');
      await vi.advanceTimersByTimeAsync(2100);
    }
    expect(realtime.ofType('room.mesh.join')).toHaveLength(3);
    realtime.error(channel, { code: 'FORBIDDEN', message: 'not in this room', ref: 'mesh' });
    expect(media.getState()).toMatchObject({ state: 'error', error: 'not in this room' });
    media.leave();
  });

  it('samples voice levels: ours from the meter, theirs from the RTP audio level', async () => {
    vi.useFakeTimers();
    const { media, meterLevel, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await vi.advanceTimersByTimeAsync(0);
    meterLevel.value = 0.31;
    FakePeerConnection.all[0]!.audioLevel = 0.52;
    await vi.advanceTimersByTimeAsync(120);
    expect(media.getState().local.level).toBe(0.3);
    expect(media.getState().peers['c-a']!.level).toBe(0.5);
    expect(isSpeaking(media.getState().peers['c-a']!.level)).toBe(true);
    media.setMic(false);
    await vi.advanceTimersByTimeAsync(120);
    expect(media.getState().local.level).toBe(0);
    media.leave();
  });

  it('leaves cleanly: says so, connections closed, own tracks stopped, meter closed, listeners removed', async () => {
    const { media, realtime, gum, meterClose, enter } = setup();
    await media.join();
    enter([{ connectionId: 'c-a', memberId: 'm-a' }]);
    await settle();
    const pc = FakePeerConnection.all[0]!;
    media.leave();
    expect(realtime.ofType('room.mesh.leave')).toHaveLength(1);
    expect(pc.closed).toBe(true);
    expect(pc.onicecandidate).toBeNull();
    for (const track of gum.made[0]!.getTracks()) expect(track.stop).toHaveBeenCalled();
    expect(meterClose).toHaveBeenCalled();
    expect(realtime.handlers.size).toBe(0);
    expect(realtime.stateListeners.size).toBe(0);
    expect(media.getState()).toMatchObject({ state: 'ended', peers: {} });
  });

  it('stops the tracks it got if it was left while asking for them', async () => {
    const { media, realtime, gum } = setup();
    const joining = media.join();
    media.leave();
    await joining;
    for (const track of gum.made[0]!.getTracks()) expect(track.stop).toHaveBeenCalled();
    expect(realtime.ofType('room.mesh.join')).toHaveLength(0);
  });
});
