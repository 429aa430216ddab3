// The try-on's React-free core: the selfie camera, the tracker worker, and what they found.
// - status (a small zustand store): what the user should see — starting, loading with progress,
//   tracking, "move closer", or a problem. It changes a few times a session, never per frame.
// - latest (a plain object, mutated in place): the newest landmarks, read by the render loop.
// Frames are driven by requestVideoFrameCallback; at most one frame is in the worker at a time, and a
// new camera frame that arrives meanwhile is dropped rather than queued (no growing lag).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MediapipeTaskName } from './anchors';
import type { Delegate, TrackerEvent, TrackerRequest } from './protocol';

export type TryOnProblem = 'denied' | 'no-camera' | 'insecure' | 'camera-failed' | 'model-failed' | 'webgl-unavailable';
export type TryOnPhase = 'idle' | 'starting-camera' | 'loading-model' | 'searching' | 'move-closer' | 'tracking' | 'problem';

export interface TryOnStatus {
  phase: TryOnPhase;
  problem: TryOnProblem | null;
  /** Model download, 0–1 (null: size unknown). */
  progress: number | null;
  delegate: Delegate | null;
  loadMs: number | null;
}

export interface TrackingFrame {
  /** Bumped on every result: the render loop recomputes poses only when it changed. */
  version: number;
  task: MediapipeTaskName | null;
  found: boolean;
  landmarks: Float32Array;
  transform: Float32Array | null;
  rightHand: boolean;
  width: number;
  height: number;
  /** performance.now() of the result, for the earrings' pendulum. */
  at: number;
}

/** Inference times kept for the figures the page reports (about two minutes at 30 Hz). */
const sampleCapacity = 4096;
/** Without a face (hand, body) for this long, the hint changes from "looking" to "move closer". */
export const moveCloserAfterMs = 1500;

export function cameraProblemOf(error: unknown): TryOnProblem {
  const name = error instanceof DOMException || (error instanceof Error && 'name' in error) ? (error as Error).name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no-camera';
  return 'camera-failed';
}

/** Nearest-rank percentile of the first `count` values (copied: the samples stay in order). */
export function percentile(samples: Float32Array, count: number, p: number): number | null {
  return count === 0 ? null : nearestRank(samples.slice(0, count).sort(), p);
}

function nearestRank(sorted: Float32Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** What the tracker needs of a <video> element. */
export type VideoSource = Pick<HTMLVideoElement, 'srcObject' | 'muted' | 'playsInline' | 'play' | 'requestVideoFrameCallback' | 'cancelVideoFrameCallback'> & ImageBitmapSource;

export interface TrackerOptions {
  task: MediapipeTaskName;
  /** Tried first when the machine has a hardware GPU; the worker falls back to the CPU. */
  preferGpu?: boolean;
  createWorker?: () => Worker;
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
}

export class TryOnTracker {
  readonly status: StoreApi<TryOnStatus>;
  readonly latest: TrackingFrame = { version: 0, task: null, found: false, landmarks: new Float32Array(0), transform: null, rightHand: false, width: 0, height: 0, at: 0 };
  /** Inference times (ms) since the model was ready, a ring of `sampleCapacity`. */
  readonly inferenceSamples = new Float32Array(sampleCapacity);
  private readonly statsScratch = new Float32Array(sampleCapacity);
  inferenceCount = 0;

  private readonly resultListeners = new Set<() => void>();
  private task: MediapipeTaskName;
  private readonly preferGpu: boolean;
  private readonly createWorker: () => Worker;
  private readonly getUserMedia: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | null;
  private worker: Worker | null = null;
  private stream: MediaStream | null = null;
  private video: VideoSource | null = null;
  private frameRequest: number | null = null;
  private inFlight = false;
  private newerFrameMediaTime: number | null = null;
  private stopped = false;
  private lastFoundAt = 0;
  private searchingSince = 0;

  constructor(options: TrackerOptions) {
    this.task = options.task;
    this.preferGpu = options.preferGpu ?? true;
    this.createWorker = options.createWorker ?? (() => new Worker(new URL('./tracker.worker.ts', import.meta.url), { type: 'module' }));
    this.getUserMedia = options.getUserMedia ?? (typeof navigator !== 'undefined' && navigator.mediaDevices?.getUserMedia ? (c) => navigator.mediaDevices.getUserMedia(c) : null);
    this.status = createStore<TryOnStatus>(() => ({ phase: 'idle', problem: null, progress: null, delegate: null, loadMs: null }));
  }

  private set(patch: Partial<TryOnStatus>) {
    const current = this.status.getState();
    for (const key of Object.keys(patch) as (keyof TryOnStatus)[]) {
      if (current[key] !== patch[key]) {
        this.status.setState(patch);
        return;
      }
    }
  }

  /** Called after every result lands in `latest` (the overlay renders on demand from it). */
  subscribeResults(listener: () => void): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  /** Another product on another body part: the same camera and worker, another landmarker. */
  setTask(task: MediapipeTaskName) {
    if (task === this.task) return;
    this.task = task;
    this.latest.found = false;
    this.latest.version++;
    this.inferenceCount = 0;
    this.searchingSince = performance.now();
    this.set({ phase: 'loading-model', progress: null, delegate: null, loadMs: null });
    this.post({ type: 'load', task, preferGpu: this.preferGpu });
  }

  /** Opens the camera into `video` and starts tracking. Resolves once the camera plays (or failed). */
  async start(video: VideoSource) {
    this.video = video;
    this.stopped = false;
    // The model loads while the user answers the camera prompt.
    this.worker = this.createWorker();
    this.worker.onmessage = (e: MessageEvent<TrackerEvent>) => this.onEvent(e.data);
    this.worker.onerror = (e) => {
      console.error('try-on worker failed', e.message);
      this.set({ phase: 'problem', problem: 'model-failed' });
    };
    this.post({ type: 'load', task: this.task, preferGpu: this.preferGpu });
    this.set({ phase: 'starting-camera', problem: null });
    if (!this.getUserMedia) {
      // No mediaDevices at all: the page is not a secure context (http on a LAN address).
      this.set({ phase: 'problem', problem: 'insecure' });
      return;
    }
    let stream: MediaStream;
    try {
      stream = await this.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (error) {
      if (!this.stopped) this.set({ phase: 'problem', problem: cameraProblemOf(error) });
      return;
    }
    if (this.stopped) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    this.stream = stream;
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    try {
      await video.play();
    } catch (error) {
      // Autoplay of a muted, inline camera picture is allowed; anything else is a camera fault.
      if (!this.stopped) this.set({ phase: 'problem', problem: cameraProblemOf(error) });
      return;
    }
    if (this.stopped) return;
    const status = this.status.getState();
    this.searchingSince = performance.now();
    if (status.phase === 'starting-camera') this.set({ phase: status.delegate ? 'searching' : 'loading-model' });
    this.scheduleFrame();
  }

  private scheduleFrame() {
    const video = this.video;
    if (!video || this.stopped) return;
    this.frameRequest = video.requestVideoFrameCallback(this.onVideoFrame);
  }

  private readonly onVideoFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
    this.frameRequest = null;
    const video = this.video;
    if (!video || this.stopped) return;
    this.scheduleFrame();
    if (!this.worker || !this.status.getState().delegate) return;
    // One frame in the worker at a time. Frames that arrive meanwhile are not queued: only the fact
    // that a newer one exists is kept, and the newest picture goes as soon as the worker is free.
    if (this.inFlight) {
      this.newerFrameMediaTime = metadata.mediaTime;
      return;
    }
    this.sendFrame(video, metadata.mediaTime);
  };

  private sendFrame(video: VideoSource, mediaTime: number) {
    this.inFlight = true;
    this.newerFrameMediaTime = null;
    const timestampMs = mediaTime * 1000;
    createImageBitmap(video).then(
      (bitmap) => {
        if (this.stopped || !this.worker) {
          bitmap.close();
          this.inFlight = false;
          return;
        }
        this.post({ type: 'frame', task: this.task, bitmap, timestampMs }, [bitmap]);
      },
      () => {
        this.inFlight = false;
      },
    );
  }

  private post(request: TrackerRequest, transfer: Transferable[] = []) {
    this.worker?.postMessage(request, transfer);
  }

  private onEvent(event: TrackerEvent) {
    if (this.stopped) return;
    switch (event.type) {
      case 'progress':
        if (event.task !== this.task) return;
        if (this.status.getState().phase !== 'problem') {
          const progress = event.total ? Math.min(1, event.loaded / event.total) : null;
          // Rounded to whole percent: a re-render per network chunk is wasted.
          this.set({ progress: progress === null ? null : Math.round(progress * 100) / 100 });
        }
        return;
      case 'ready': {
        if (event.task !== this.task) return;
        const phase = this.status.getState().phase;
        this.searchingSince = performance.now();
        this.set({ delegate: event.delegate, loadMs: Math.round(event.loadMs), progress: 1, phase: phase === 'loading-model' ? 'searching' : phase });
        return;
      }
      case 'result': {
        this.inFlight = false;
        if (this.newerFrameMediaTime !== null && this.video && this.worker) this.sendFrame(this.video, this.newerFrameMediaTime);
        if (event.task !== this.task) return;
        const latest = this.latest;
        latest.task = event.task;
        latest.found = event.found;
        if (event.found) latest.landmarks = event.landmarks;
        latest.transform = event.transform;
        latest.rightHand = event.rightHand;
        latest.width = event.width;
        latest.height = event.height;
        latest.at = performance.now();
        latest.version++;
        this.inferenceSamples[this.inferenceCount % sampleCapacity] = event.inferenceMs;
        this.inferenceCount++;
        for (const listener of this.resultListeners) listener();
        const phase = this.status.getState().phase;
        if (phase === 'problem') return;
        if (event.found) {
          this.lastFoundAt = latest.at;
          this.set({ phase: 'tracking' });
        } else {
          const since = Math.max(this.lastFoundAt, this.searchingSince);
          this.set({ phase: latest.at - since > moveCloserAfterMs ? 'move-closer' : phase === 'tracking' ? 'searching' : phase === 'move-closer' ? 'move-closer' : 'searching' });
        }
        return;
      }
      case 'error':
        if (event.code === 'model-load' && (event.task === this.task || event.task === null)) this.set({ phase: 'problem', problem: 'model-failed' });
        else console.warn('try-on:', event.message);
        return;
      case 'closed':
        return;
    }
  }

  /**
   * Figures for the page (and the benchmark): inference ms percentiles of the inferences numbered
   * `since` onwards (0: since the model was ready), of the last `sampleCapacity` at most.
   */
  inferenceStats(since = 0) {
    const first = Math.max(since, this.inferenceCount - sampleCapacity, 0);
    const count = Math.max(0, this.inferenceCount - first);
    for (let i = 0; i < count; i++) this.statsScratch[i] = this.inferenceSamples[(first + i) % sampleCapacity]!;
    const sorted = this.statsScratch.subarray(0, count).sort();
    return { count: this.inferenceCount, p50: count ? nearestRank(sorted, 50) : null, p95: count ? nearestRank(sorted, 95) : null };
  }

  /** Stops the camera tracks and closes the landmarkers (the worker ends itself once they are closed). */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    if (this.frameRequest !== null && this.video) this.video.cancelVideoFrameCallback(this.frameRequest);
    this.frameRequest = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.video = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.postMessage({ type: 'close' } satisfies TrackerRequest);
      // If it cannot close cleanly (stuck in a model load), it goes anyway.
      const kill = setTimeout(() => worker.terminate(), 3000);
      worker.onmessage = (e: MessageEvent<TrackerEvent>) => {
        if (e.data.type === 'closed') {
          clearTimeout(kill);
          worker.terminate();
        }
      };
    }
    this.set({ phase: 'idle' });
  }
}
