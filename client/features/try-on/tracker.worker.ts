// The tracker worker: MediaPipe off the main thread (DESIGN.md §5). One landmarker per task, made
// on first use and kept until the page says close; VIDEO mode with strictly increasing timestamps;
// the GPU delegate when there is a real GPU, the CPU otherwise or when the GPU one fails. Landmarks
// are smoothed here (One Euro per channel) so the page only places and draws.
/// <reference lib="webworker" />
import { FaceLandmarker, FilesetResolver, HandLandmarker, PoseLandmarker } from '@mediapipe/tasks-vision';
import { mediapipeTasks, mediapipeWasmPath } from '../../../common/mediapipe';
import { isSoftwareRenderer, rendererName } from '../../lib/webgl';
import type { MediapipeTaskName } from './anchors';
import { OneEuroBank, type OneEuroParams } from './oneEuro';
import type { Delegate, TrackerEvent, TrackerRequest } from './protocol';

type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;
type Landmarker = FaceLandmarker | HandLandmarker | PoseLandmarker;

interface TaskState {
  landmarker: Landmarker;
  delegate: Delegate;
  lastTimestamp: number;
  smoothing: OneEuroBank | null;
  transformSmoothing: OneEuroBank | null;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: TrackerEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);

// Landmarks are normalised (0–1): a beta fitted to that scale. Tuned on the fake camera and a webcam:
// a still face stays put, a turning head is followed within a frame or two.
const landmarkSmoothing: OneEuroParams = { minCutoff: 1.2, beta: 8, dCutoff: 1 };
const transformSmoothing: OneEuroParams = { minCutoff: 1.2, beta: 0.5, dCutoff: 1 };

let filesetPromise: Promise<WasmFileset> | null = null;
const tasks = new Map<MediapipeTaskName, Promise<TaskState>>();
let closing = false;

/** A module worker cannot importScripts, so tasks-vision must load its ES-module WASM loader there. */
function isModuleWorker() {
  try {
    scope.importScripts();
    return false;
  } catch {
    return true;
  }
}

function fileset() {
  filesetPromise ??= FilesetResolver.forVisionTasks(new URL(mediapipeWasmPath, scope.location.origin).href, isModuleWorker());
  return filesetPromise;
}

/** SwiftShader and other software rasterisers run the GPU delegate far slower than the CPU one. */
function hasHardwareWebGl2() {
  if (typeof OffscreenCanvas === 'undefined') return false;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return false;
  const software = isSoftwareRenderer(rendererName(gl));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return !software;
}

/** Fetches the .task bundle with progress events (the face bundle is a few MB). */
async function fetchModel(task: MediapipeTaskName): Promise<Uint8Array> {
  const response = await fetch(mediapipeTasks[task]);
  if (!response.ok || !response.body) throw new Error(`${mediapipeTasks[task]}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  post({ type: 'progress', task, loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    post({ type: 'progress', task, loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function createLandmarker(task: MediapipeTaskName, model: Uint8Array, delegate: Delegate): Promise<Landmarker> {
  const files = await fileset();
  // tasks-vision may take ownership of the buffer: give each attempt its own copy.
  const baseOptions = { modelAssetBuffer: new Uint8Array(model), delegate };
  if (task === 'face') {
    return FaceLandmarker.createFromOptions(files, { baseOptions, runningMode: 'VIDEO', numFaces: 1, outputFacialTransformationMatrixes: true, outputFaceBlendshapes: false });
  }
  if (task === 'hand') return HandLandmarker.createFromOptions(files, { baseOptions, runningMode: 'VIDEO', numHands: 1 });
  return PoseLandmarker.createFromOptions(files, { baseOptions, runningMode: 'VIDEO', numPoses: 1 });
}

async function loadTask(task: MediapipeTaskName, preferGpu: boolean): Promise<TaskState> {
  const started = performance.now();
  const model = await fetchModel(task);
  let delegate: Delegate = preferGpu && hasHardwareWebGl2() ? 'GPU' : 'CPU';
  let landmarker: Landmarker;
  try {
    landmarker = await createLandmarker(task, model, delegate);
  } catch (error) {
    if (delegate === 'CPU') throw error;
    console.warn(`try-on: the GPU delegate failed for ${task}, using the CPU`, error);
    delegate = 'CPU';
    landmarker = await createLandmarker(task, model, delegate);
  }
  const loadMs = performance.now() - started;
  post({ type: 'ready', task, delegate, loadMs });
  return { landmarker, delegate, lastTimestamp: -1, smoothing: null, transformSmoothing: null };
}

function taskState(task: MediapipeTaskName, preferGpu = true) {
  let state = tasks.get(task);
  if (!state) {
    state = loadTask(task, preferGpu);
    // A failed load is reported, and a later request may try again.
    state.catch((error: unknown) => {
      tasks.delete(task);
      post({ type: 'error', task, code: 'model-load', message: error instanceof Error ? error.message : String(error) });
    });
    tasks.set(task, state);
  }
  return state;
}

function flatten(points: { x: number; y: number; z: number }[]) {
  const out = new Float32Array(points.length * 3);
  for (let i = 0; i < points.length; i++) {
    out[i * 3] = points[i]!.x;
    out[i * 3 + 1] = points[i]!.y;
    out[i * 3 + 2] = points[i]!.z;
  }
  return out;
}

const empty = new Float32Array(0);

async function detect(task: MediapipeTaskName, bitmap: ImageBitmap, timestampMs: number) {
  let state: TaskState;
  try {
    state = await taskState(task);
  } catch {
    bitmap.close();
    post({ type: 'result', task, found: false, landmarks: empty, transform: null, rightHand: false, width: bitmap.width, height: bitmap.height, inferenceMs: 0 });
    return;
  }
  const { width, height } = bitmap;
  // MediaPipe requires strictly increasing timestamps in VIDEO mode, even for a repeated frame.
  const timestamp = Math.max(Math.round(timestampMs), state.lastTimestamp + 1);
  state.lastTimestamp = timestamp;
  let landmarks: Float32Array = empty;
  let transform: Float32Array | null = null;
  let rightHand = false;
  const started = performance.now();
  try {
    if (task === 'face') {
      const result = (state.landmarker as FaceLandmarker).detectForVideo(bitmap, timestamp);
      if (result.faceLandmarks[0]) landmarks = flatten(result.faceLandmarks[0]);
      const matrix = result.facialTransformationMatrixes?.[0]?.data;
      if (matrix && matrix.length === 16) transform = Float32Array.from(matrix);
    } else if (task === 'hand') {
      const result = (state.landmarker as HandLandmarker).detectForVideo(bitmap, timestamp);
      if (result.landmarks[0]) landmarks = flatten(result.landmarks[0]);
      // For the unmirrored camera frames sent here, the label names the person's own hand (checked on
      // the rendered right hand of e2e/fixtures/hand-open-palm.png: "Right").
      rightHand = result.handedness[0]?.[0]?.categoryName === 'Right';
    } else {
      const result = (state.landmarker as PoseLandmarker).detectForVideo(bitmap, timestamp);
      if (result.landmarks[0]) landmarks = flatten(result.landmarks[0]);
    }
  } catch (error) {
    post({ type: 'error', task, code: 'inference', message: error instanceof Error ? error.message : String(error) });
  } finally {
    bitmap.close();
  }
  const inferenceMs = performance.now() - started;
  const found = landmarks.length > 0;
  if (found) {
    if (!state.smoothing || state.smoothing.channels !== landmarks.length) state.smoothing = new OneEuroBank(landmarks.length, landmarkSmoothing);
    state.smoothing.filterInPlace(landmarks, timestamp);
    if (transform) {
      state.transformSmoothing ??= new OneEuroBank(16, transformSmoothing);
      state.transformSmoothing.filterInPlace(transform, timestamp);
    }
  } else {
    // Lost: the next face starts fresh rather than sliding in from where the last one was.
    state.smoothing?.reset();
    state.transformSmoothing?.reset();
  }
  const transfer: Transferable[] = found ? [landmarks.buffer] : [];
  if (transform) transfer.push(transform.buffer);
  post({ type: 'result', task, found, landmarks, transform, rightHand, width, height, inferenceMs }, transfer);
}

async function closeAll() {
  closing = true;
  const states = await Promise.allSettled(tasks.values());
  tasks.clear();
  for (const s of states) if (s.status === 'fulfilled') s.value.landmarker.close();
  post({ type: 'closed' });
  scope.close();
}

scope.onmessage = (event: MessageEvent<TrackerRequest>) => {
  const request = event.data;
  if (request.type === 'close') {
    void closeAll();
    return;
  }
  if (closing) {
    if (request.type === 'frame') request.bitmap.close();
    return;
  }
  if (request.type === 'load') void taskState(request.task, request.preferGpu).catch(() => undefined);
  else void detect(request.task, request.bitmap, request.timestampMs);
};
