// Figures the try-on writes on its stage element a few times a second (data-* attributes, no React):
// what is tracked, where the nose-bridge landmark is on screen, render and inference counts. The e2e
// test and the benchmark read them; a person debugging reads them in the inspector. One is read:
// data-inference-since, where a benchmark's window starts (the percentiles cover inferences from it).
import { face, landmarkToWorld, toDisplay } from './anchors';
import type { TryOnTracker } from './tracker';

export const figuresIntervalMs = 250;

const displayPoint = [0, 0];
const landmarkWorld = new Float32Array(3);

export function writeFigures(stage: HTMLElement, tracker: TryOnTracker, frames: number, found: boolean) {
  const d = stage.dataset;
  const f = tracker.latest;
  d.found = String(found);
  d.renderedFrames = String(frames);
  // The page's clock at this write: rates from two reads are exact, however late the reader was.
  d.figuresAt = performance.now().toFixed(1);
  // A benchmark sets data-inference-since (an inference count) where its window starts.
  const stats = tracker.inferenceStats(Number(d.inferenceSince ?? 0) || 0);
  d.inferenceCount = String(stats.count);
  d.inferenceP50 = stats.p50 === null ? '' : stats.p50.toFixed(2);
  d.inferenceP95 = stats.p95 === null ? '' : stats.p95.toFixed(2);
  const status = tracker.status.getState();
  d.delegate = status.delegate ?? '';
  d.loadMs = status.loadMs === null ? '' : String(status.loadMs);
  d.hand = found && f.task === 'hand' ? (f.rightHand ? 'right' : 'left') : '';
  if (found && f.task === 'face') {
    landmarkToWorld(f.landmarks, face.noseBridge, f.width, f.height, landmarkWorld);
    toDisplay(landmarkWorld[0]!, landmarkWorld[1]!, f.width, f.height, stage.clientWidth, stage.clientHeight, true, displayPoint);
    d.landmark = `${displayPoint[0]!.toFixed(1)},${displayPoint[1]!.toFixed(1)}`;
  }
}
