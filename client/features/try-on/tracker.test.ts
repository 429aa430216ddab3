import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackerEvent, TrackerRequest } from './protocol';
import { cameraProblemOf, moveCloserAfterMs, percentile, TryOnTracker, type VideoSource } from './tracker';

/** A stand-in for the worker: records what the page sends, lets the test answer. */
class FakeWorker {
  sent: TrackerRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<TrackerEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(message: TrackerRequest) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  emit(event: TrackerEvent) {
    this.onmessage?.({ data: event } as MessageEvent<TrackerEvent>);
  }
  frames() {
    return this.sent.filter((m) => m.type === 'frame');
  }
}

class FakeVideo {
  srcObject: MediaProvider | null = null;
  muted = false;
  playsInline = false;
  private callbacks = new Map<number, VideoFrameRequestCallback>();
  private next = 1;
  play() {
    return Promise.resolve();
  }
  requestVideoFrameCallback(cb: VideoFrameRequestCallback) {
    const id = this.next++;
    this.callbacks.set(id, cb);
    return id;
  }
  cancelVideoFrameCallback(id: number) {
    this.callbacks.delete(id);
  }
  /** The camera delivers a frame. */
  frame(mediaTime: number) {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const cb of pending) cb(0, { mediaTime } as VideoFrameCallbackMetadata);
  }
  get waiting() {
    return this.callbacks.size;
  }
}

function fakeStream() {
  const tracks = [{ stopped: false, stop() { this.stopped = true; } }];
  return { stream: { getTracks: () => tracks } as unknown as MediaStream, tracks };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  vi.stubGlobal('createImageBitmap', async () => ({ width: 640, height: 480, close() {} }));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function setup(getUserMedia: () => Promise<MediaStream>) {
  const worker = new FakeWorker();
  const video = new FakeVideo();
  const tracker = new TryOnTracker({ task: 'face', createWorker: () => worker as unknown as Worker, getUserMedia });
  return { worker, video, tracker, start: () => tracker.start(video as unknown as VideoSource) };
}

describe('TryOnTracker', () => {
  it('starts loading the model at once and says when the camera is denied', async () => {
    const { worker, tracker, start } = setup(() => Promise.reject(new DOMException('no', 'NotAllowedError')));
    await start();
    expect(worker.sent[0]).toEqual({ type: 'load', task: 'face', preferGpu: true });
    expect(tracker.status.getState()).toMatchObject({ phase: 'problem', problem: 'denied' });
  });

  it('says when there is no camera', async () => {
    const { tracker, start } = setup(() => Promise.reject(new DOMException('none', 'NotFoundError')));
    await start();
    expect(tracker.status.getState().problem).toBe('no-camera');
  });

  it('shows loading progress, then looks for a face once the model is ready', async () => {
    const { stream } = fakeStream();
    const { worker, tracker, start } = setup(async () => stream);
    await start();
    expect(tracker.status.getState().phase).toBe('loading-model');
    worker.emit({ type: 'progress', task: 'face', loaded: 500, total: 1000 });
    expect(tracker.status.getState().progress).toBe(0.5);
    worker.emit({ type: 'ready', task: 'face', delegate: 'CPU', loadMs: 812.4 });
    expect(tracker.status.getState()).toMatchObject({ phase: 'searching', delegate: 'CPU', loadMs: 812 });
  });

  it('keeps one frame in the worker at a time and drops the frames that come meanwhile', async () => {
    const { stream } = fakeStream();
    const { worker, video, tracker, start } = setup(async () => stream);
    await start();
    worker.emit({ type: 'ready', task: 'face', delegate: 'CPU', loadMs: 1 });
    video.frame(0.1);
    await flush();
    video.frame(0.133);
    video.frame(0.166);
    await flush();
    expect(worker.frames()).toHaveLength(1);
    expect(worker.frames()[0]).toMatchObject({ task: 'face', timestampMs: 100 });
    // The worker answers: the newest of the frames that came meanwhile goes at once, the other is dropped.
    worker.emit({ type: 'result', task: 'face', found: true, landmarks: new Float32Array(478 * 3), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: 7 });
    expect(tracker.status.getState().phase).toBe('tracking');
    expect(tracker.latest.found).toBe(true);
    await flush();
    expect(worker.frames()).toHaveLength(2);
    expect(worker.frames()[1]).toMatchObject({ timestampMs: 166 });
    // Nothing newer came during that one: the next goes when the camera delivers it.
    worker.emit({ type: 'result', task: 'face', found: true, landmarks: new Float32Array(478 * 3), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: 7 });
    await flush();
    expect(worker.frames()).toHaveLength(2);
    video.frame(0.2);
    await flush();
    expect(worker.frames()).toHaveLength(3);
    expect(video.waiting).toBe(1); // still following the video
  });

  it('tells subscribers about every result, until they unsubscribe', async () => {
    const { stream } = fakeStream();
    const { worker, tracker, start } = setup(async () => stream);
    await start();
    let calls = 0;
    const unsubscribe = tracker.subscribeResults(() => calls++);
    const result = { type: 'result', task: 'face', found: false, landmarks: new Float32Array(0), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: 5 } as const;
    worker.emit(result);
    worker.emit(result);
    unsubscribe();
    worker.emit(result);
    expect(calls).toBe(2);
    expect(tracker.latest.version).toBe(3);
  });

  it('asks the user to move closer after a while without a face', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { stream } = fakeStream();
    const { worker, tracker, start } = setup(async () => stream);
    await start();
    worker.emit({ type: 'ready', task: 'face', delegate: 'CPU', loadMs: 1 });
    const none = { type: 'result', task: 'face', found: false, landmarks: new Float32Array(0), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: 5 } as const;
    worker.emit(none);
    expect(tracker.status.getState().phase).toBe('searching');
    vi.advanceTimersByTime(moveCloserAfterMs + 100);
    worker.emit(none);
    expect(tracker.status.getState().phase).toBe('move-closer');
  });

  it('stops the camera tracks and closes the worker when stopped', async () => {
    const { stream, tracks } = fakeStream();
    const { worker, video, tracker, start } = setup(async () => stream);
    await start();
    tracker.stop();
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(video.srcObject).toBeNull();
    expect(video.waiting).toBe(0);
    expect(worker.sent.at(-1)).toEqual({ type: 'close' });
    worker.emit({ type: 'closed' });
    expect(worker.terminated).toBe(true);
  });

  it('stops a camera that opens after the view already closed', async () => {
    const { stream, tracks } = fakeStream();
    let resolve!: (s: MediaStream) => void;
    const { tracker, start } = setup(() => new Promise((r) => (resolve = r)));
    const started = start();
    tracker.stop();
    resolve(stream);
    await started;
    expect(tracks[0]!.stopped).toBe(true);
  });

  it('reports inference percentiles', async () => {
    const { stream } = fakeStream();
    const { worker, tracker, start } = setup(async () => stream);
    await start();
    for (let i = 1; i <= 100; i++) worker.emit({ type: 'result', task: 'face', found: false, landmarks: new Float32Array(0), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: i });
    expect(tracker.inferenceStats()).toEqual({ count: 100, p50: 50, p95: 95 });
    // Inferences 81–100 (numbered from 0: 80 on): a benchmark's window after the warm-up.
    expect(tracker.inferenceStats(80)).toEqual({ count: 100, p50: 90, p95: 99 });
    expect(tracker.inferenceStats(100)).toEqual({ count: 100, p50: null, p95: null });
  });

  it('keeps the latest inference times when the ring wraps', async () => {
    const { stream } = fakeStream();
    const { worker, tracker, start } = setup(async () => stream);
    await start();
    // Slow ones first, then 4,096 fast ones: only the fast ones are left.
    for (let i = 0; i < 5000; i++) worker.emit({ type: 'result', task: 'face', found: false, landmarks: new Float32Array(0), transform: null, rightHand: false, width: 640, height: 480, inferenceMs: i < 904 ? 500 : 10 });
    expect(tracker.inferenceStats()).toEqual({ count: 5000, p50: 10, p95: 10 });
    expect(tracker.inferenceStats(10)).toEqual({ count: 5000, p50: 10, p95: 10 });
  });
});

describe('helpers', () => {
  it('maps getUserMedia errors to what the user can do about them', () => {
    expect(cameraProblemOf(new DOMException('', 'NotAllowedError'))).toBe('denied');
    expect(cameraProblemOf(new DOMException('', 'OverconstrainedError'))).toBe('no-camera');
    expect(cameraProblemOf(new DOMException('', 'NotReadableError'))).toBe('camera-failed');
  });
  it('percentile is nearest-rank and empty-safe', () => {
    expect(percentile(new Float32Array([3, 1, 2]), 3, 50)).toBe(2);
    expect(percentile(new Float32Array(4), 0, 50)).toBeNull();
  });
});
