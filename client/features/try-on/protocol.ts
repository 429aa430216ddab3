// Messages between the page and the tracker worker. Frames go in as transferred ImageBitmaps, one at
// a time; landmarks come back as flat Float32Arrays (x, y, z normalised to the picture), smoothed.
import type { MediapipeTaskName } from './anchors';

export type Delegate = 'GPU' | 'CPU';

export type TrackerRequest =
  /** Load the task's landmarker now (before the first frame), e.g. while the camera starts. */
  | { type: 'load'; task: MediapipeTaskName; preferGpu: boolean }
  | { type: 'frame'; task: MediapipeTaskName; bitmap: ImageBitmap; timestampMs: number }
  /** Close every landmarker and end the worker. */
  | { type: 'close' };

export type TrackerEvent =
  | { type: 'progress'; task: MediapipeTaskName; loaded: number; total: number | null }
  | { type: 'ready'; task: MediapipeTaskName; delegate: Delegate; loadMs: number }
  | {
      type: 'result';
      task: MediapipeTaskName;
      found: boolean;
      /** Smoothed landmarks, x y z per point; empty when nothing was found. */
      landmarks: Float32Array;
      /** Face only: the facial transformation matrix (column-major 4×4), smoothed. */
      transform: Float32Array | null;
      /** Hands only: it is the person's right hand. */
      rightHand: boolean;
      width: number;
      height: number;
      inferenceMs: number;
    }
  | { type: 'closed' }
  | { type: 'error'; task: MediapipeTaskName | null; code: 'model-load' | 'inference'; message: string };
