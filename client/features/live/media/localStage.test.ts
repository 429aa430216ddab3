// The local stage's media core against a fake realtime client and fake peer connections: the state
// a page shows, the signalling it sends, and that disconnect releases everything it made.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../../common/realtime';
import { FakePeerConnection, FakeRealtime, FakeStream, FakeTrack, fakePeerFactory, settle } from './fakes.test-helpers';
import { LocalStageSession } from './localStage';
import { createMediaSession } from './factory';
import { LiveKitSession } from './livekit';

const channel = 'show:show-1' as Channel;

function setup() {
  const realtime = new FakeRealtime();
  const session = new LocalStageSession({
    realtime: realtime.asDeps(),
    showId: 'show-1',
    createPeerConnection: fakePeerFactory,
    createMediaStream: () => new FakeStream().asStream(),
  });
  const states: string[] = [];
  session.store.subscribe((s) => {
    if (states.at(-1) !== s.state) states.push(s.state);
  });
  return { realtime, session, states };
}

beforeEach(() => {
  FakePeerConnection.all = [];
});

describe('LocalStageSession as the host', () => {
  it('announces itself, goes live when the server confirms, and sends each viewer a sendonly offer without STUN', async () => {
    const { realtime, session, states } = setup();
    const camera = new FakeStream([new FakeTrack('video'), new FakeTrack('audio')]);
    await session.publish(camera.asStream());
    expect(session.getState().state).toBe('connecting');
    expect(realtime.ofType('stage.host-ready')).toEqual([{ channel, type: 'stage.host-ready', data: {}, ref: 'stage' }]);

    realtime.direct(channel, 'stage.hosting', { connectionId: 'h', viewers: 0, maxViewers: 8 });
    expect(session.getState()).toMatchObject({ state: 'live', viewers: 0, maxViewers: 8 });

    realtime.direct(channel, 'stage.viewer-joined', { viewerId: 'v1' });
    await settle();
    const [pc] = FakePeerConnection.all;
    expect(pc!.config).toEqual({ iceServers: [] });
    expect(pc!.transceivers.map((t) => [t.track.kind, t.init.direction])).toEqual([
      ['video', 'sendonly'],
      ['audio', 'sendonly'],
    ]);
    expect(realtime.ofType('stage.signal').map((p) => p.data)).toEqual([{ to: 'v1', description: { type: 'offer', sdp: 'offer-0' } }]);
    expect(session.getState().viewers).toBe(1);

    // A candidate from the viewer before its answer waits for the answer.
    const candidate = { candidate: 'candidate:1 1 udp 1 192.168.1.2 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    realtime.direct(channel, 'stage.signal', { from: 'v1', candidate });
    await settle();
    expect(pc!.added).toEqual([]);
    realtime.direct(channel, 'stage.signal', { from: 'v1', description: { type: 'answer', sdp: 'answer-x' } });
    await settle();
    expect(pc!.remoteDescription).toEqual({ type: 'answer', sdp: 'answer-x' });
    expect(pc!.added).toEqual([candidate]);

    // Our own candidates go to that viewer only.
    pc!.emitCandidate({ candidate: 'candidate:2 1 udp 1 127.0.0.1 6000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
    expect(realtime.ofType('stage.signal').at(-1)!.data).toEqual({
      to: 'v1',
      candidate: { candidate: 'candidate:2 1 udp 1 127.0.0.1 6000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });

    realtime.direct(channel, 'stage.viewer-left', { viewerId: 'v1' });
    expect(pc!.closed).toBe(true);
    expect(session.getState().viewers).toBe(0);
    expect(states).toEqual(['connecting', 'live']);
  });

  it('swaps tracks in place when published again with another camera', async () => {
    const { realtime, session } = setup();
    const mic = new FakeTrack('audio');
    await session.publish(new FakeStream([new FakeTrack('video'), mic]).asStream());
    realtime.direct(channel, 'stage.viewer-joined', { viewerId: 'v1' });
    await settle();
    const other = new FakeTrack('video');
    await session.publish(new FakeStream([other, mic]).asStream());
    const pc = FakePeerConnection.all[0]!;
    expect(pc.senders[0]!.replaceTrack).toHaveBeenCalledWith(other);
    expect(pc.senders[1]!.replaceTrack).not.toHaveBeenCalled();
    expect(FakePeerConnection.all).toHaveLength(1);
  });

  it('re-announces after the socket comes back, with the old connections closed', async () => {
    const { realtime, session } = setup();
    await session.publish(new FakeStream([new FakeTrack('video')]).asStream());
    realtime.direct(channel, 'stage.hosting', { connectionId: 'h', viewers: 0, maxViewers: 8 });
    realtime.direct(channel, 'stage.viewer-joined', { viewerId: 'v1' });
    await settle();
    realtime.setState('reconnecting');
    expect(FakePeerConnection.all[0]!.closed).toBe(true);
    expect(session.getState().state).toBe('reconnecting');
    realtime.setState('open');
    expect(realtime.ofType('stage.host-ready')).toHaveLength(2);
  });

  it('takes a refusal of its own messages as an error, renewing a socket that predates signing in once, and ignores other features’ errors', async () => {
    const { realtime, session } = setup();
    await session.publish(new FakeStream([new FakeTrack('video')]).asStream());
    realtime.error(channel, { code: 'RATE_LIMITED', message: 'chat is too fast', ref: 'chat-1' });
    expect(session.getState().state).toBe('connecting');
    realtime.error(channel, { code: 'UNAUTHENTICATED', message: 'Sign in', ref: 'stage' });
    expect(realtime.reconnect).toHaveBeenCalledTimes(1);
    realtime.setState('open');
    expect(realtime.ofType('stage.host-ready')).toHaveLength(2);
    realtime.error(channel, { code: 'FORBIDDEN', message: 'Only the show’s host can go live on it', ref: 'stage' });
    expect(session.getState()).toMatchObject({ state: 'error', error: 'Only the show’s host can go live on it' });
    expect(realtime.reconnect).toHaveBeenCalledTimes(1);
  });

  it('ends the show for everyone on disconnect({ ended }) and releases its connections but not the camera it was given', async () => {
    const { realtime, session } = setup();
    const video = new FakeTrack('video');
    await session.publish(new FakeStream([video]).asStream());
    for (const viewerId of ['v1', 'v2']) realtime.direct(channel, 'stage.viewer-joined', { viewerId });
    await settle();
    session.disconnect({ ended: true });
    expect(FakePeerConnection.all.map((pc) => pc.closed)).toEqual([true, true]);
    expect(FakePeerConnection.all.every((pc) => pc.onicecandidate === null && pc.onconnectionstatechange === null)).toBe(true);
    expect(realtime.ofType('stage.leave').map((p) => p.data)).toEqual([{ ended: true }]);
    expect(realtime.handlers.size).toBe(0);
    expect(realtime.stateListeners.size).toBe(0);
    expect(video.stop).not.toHaveBeenCalled();
    expect(session.getState().state).toBe('ended');
    // Nothing after the end reaches it.
    realtime.direct(channel, 'stage.viewer-joined', { viewerId: 'v3' });
    await settle();
    expect(FakePeerConnection.all).toHaveLength(2);
  });
});

describe('LocalStageSession as a viewer', () => {
  it('joins, waits for the host, answers its offer, and is live once connected', async () => {
    const { realtime, session, states } = setup();
    const stream = session.subscribe();
    expect(realtime.ofType('stage.join')).toHaveLength(1);
    realtime.direct(channel, 'stage.admitted', { connectionId: 'v1', hostId: null, maxViewers: 8 });
    expect(session.getState()).toMatchObject({ state: 'connecting', waitingForHost: true });

    realtime.direct(channel, 'stage.host-ready', { hostId: 'h' });
    realtime.direct(channel, 'stage.signal', { from: 'h', description: { type: 'offer', sdp: 'offer-h' } });
    await settle();
    const pc = FakePeerConnection.all[0]!;
    expect(pc.config).toEqual({ iceServers: [] });
    expect(pc.remoteDescription).toEqual({ type: 'offer', sdp: 'offer-h' });
    expect(realtime.ofType('stage.signal').map((p) => p.data)).toEqual([{ to: 'h', description: { type: 'answer', sdp: 'answer-0' } }]);

    const video = new FakeTrack('video');
    pc.emitTrack(video);
    pc.emitTrack(new FakeTrack('audio'));
    expect(stream.getTracks().map((t) => t.kind)).toEqual(['video', 'audio']);
    pc.emitState('connected');
    expect(session.getState()).toMatchObject({ state: 'live', waitingForHost: false });
    expect(states).toEqual(['connecting', 'live']);
  });

  it('shows "reconnecting" when the connection drops and asks for a new one when it fails', async () => {
    const { realtime, session } = setup();
    session.subscribe();
    realtime.direct(channel, 'stage.signal', { from: 'h', description: { type: 'offer', sdp: 'o' } });
    await settle();
    const first = FakePeerConnection.all[0]!;
    first.emitState('connected');
    first.emitState('disconnected');
    expect(session.getState().state).toBe('reconnecting');
    first.emitState('failed');
    expect(first.closed).toBe(true);
    expect(realtime.ofType('stage.join')).toHaveLength(2);
    // The host answers the new join with a new offer, and the session recovers.
    realtime.direct(channel, 'stage.signal', { from: 'h', description: { type: 'offer', sdp: 'o2' } });
    await settle();
    FakePeerConnection.all[1]!.emitState('connected');
    expect(session.getState().state).toBe('live');
  });

  it('turns the cap message into "full"', () => {
    const { realtime, session } = setup();
    session.subscribe();
    realtime.direct(channel, 'stage.full', { maxViewers: 8 });
    expect(session.getState()).toMatchObject({ state: 'full', maxViewers: 8 });
  });

  it('tells an interruption from the end of the show', async () => {
    const { realtime, session } = setup();
    session.subscribe();
    realtime.direct(channel, 'stage.signal', { from: 'h', description: { type: 'offer', sdp: 'o' } });
    await settle();
    FakePeerConnection.all[0]!.emitState('connected');
    realtime.direct(channel, 'stage.host-left', { ended: false });
    expect(session.getState()).toMatchObject({ state: 'reconnecting', waitingForHost: true });
    expect(FakePeerConnection.all[0]!.closed).toBe(true);
    realtime.direct(channel, 'stage.host-left', { ended: true });
    expect(session.getState().state).toBe('ended');
  });

  it('waits for an open socket before joining, and joins again after a reconnect', () => {
    const { realtime, session } = setup();
    realtime.state = 'connecting';
    session.subscribe();
    expect(realtime.ofType('stage.join')).toHaveLength(0);
    realtime.setState('open');
    expect(realtime.ofType('stage.join')).toHaveLength(1);
    realtime.setState('reconnecting');
    realtime.setState('open');
    expect(realtime.ofType('stage.join')).toHaveLength(2);
  });

  it('releases everything on disconnect: the connection, the received tracks, the listeners', async () => {
    const { realtime, session } = setup();
    const stream = session.subscribe();
    realtime.direct(channel, 'stage.signal', { from: 'h', description: { type: 'offer', sdp: 'o' } });
    await settle();
    const pc = FakePeerConnection.all[0]!;
    const track = new FakeTrack('video');
    pc.emitTrack(track);
    session.disconnect();
    expect(pc.closed).toBe(true);
    expect(pc.ontrack).toBeNull();
    expect(track.stop).toHaveBeenCalled();
    expect(stream.getTracks()).toEqual([]);
    expect(realtime.ofType('stage.leave').map((p) => p.data)).toEqual([{}]);
    expect(realtime.handlers.size).toBe(0);
    expect(realtime.stateListeners.size).toBe(0);
    expect(session.getState().state).toBe('ended');
  });
});

describe('createMediaSession', () => {
  it('picks the implementation from the token route’s answer', () => {
    const realtime = new FakeRealtime();
    const deps = { showId: 'show-1', realtime: realtime.asDeps() as never };
    expect(createMediaSession({ kind: 'local' }, deps)).toBeInstanceOf(LocalStageSession);
    expect(createMediaSession({ kind: 'livekit', url: 'wss://lk.example', token: 't', expiresAt: new Date().toISOString() }, deps)).toBeInstanceOf(LiveKitSession);
  });
});
