// The MediaPipe bundles assembled at install (models/mediapipe/) load in Chromium under the app's
// own CSP, from the app's own origin, and find what they should in a real photograph: tasks-vision
// on the CPU delegate, one landmarker per task, on a still image (e2e/fixtures/astronaut.png).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { mediapipeTasks, mediapipeWasmPath, type MediapipeTask } from '../common/mediapipe';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url)).toString('base64');
/** NASA portrait of Eileen Collins, 512 x 512 (public domain; see fixtures/ATTRIBUTION.md). */
const astronaut = fixture('astronaut.png');
/** A rendered right hand, palm to the camera, 512 x 512 (MIT-licensed mesh; see fixtures/ATTRIBUTION.md). */
const openPalm = fixture('hand-open-palm.png');
const timedRuns = 10;

interface Landmark {
  x: number;
  y: number;
  z: number;
}
interface Detection {
  loadMs: number;
  /** Median of `timedRuns` detections after one warm-up, each frame on its own (IMAGE mode). */
  imageMs: number;
  /** The same in VIDEO mode (strictly increasing timestamps), where landmarks track the last frame. */
  videoMs: number;
  landmarks: Landmark[][];
  matrices: number[][];
  handedness: number;
  /** Whether the image is lighter in red than in blue under each landmark (skin, not the backdrop). */
  onSkin: boolean[][];
  /** The image with the landmarks drawn on it (PNG, base64), for a person to look at. */
  overlay: string;
}

/** Creates the task's landmarker from the served files and runs it on the image. */
async function detect(page: Page, task: MediapipeTask, image: string): Promise<Detection> {
  const detection = await page.evaluate(
    async ({ task, modelAssetPath, wasmPath, image, runs }) => {
      const bundleUrl = '/mediapipe/vision_bundle.mjs';
      const vision = await import(/* @vite-ignore */ bundleUrl);
      const bytes = Uint8Array.from(atob(image), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const started = performance.now();
      const fileset = await vision.FilesetResolver.forVisionTasks(wasmPath);
      const baseOptions = { modelAssetPath, delegate: 'CPU' };
      const create = (runningMode: 'IMAGE' | 'VIDEO') =>
        task === 'face'
          ? vision.FaceLandmarker.createFromOptions(fileset, { baseOptions, runningMode, numFaces: 1, outputFacialTransformationMatrixes: true })
          : task === 'hand'
            ? vision.HandLandmarker.createFromOptions(fileset, { baseOptions, runningMode, numHands: 2 })
            : vision.PoseLandmarker.createFromOptions(fileset, { baseOptions, runningMode, numPoses: 1 });
      const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      const landmarker = await create('IMAGE');
      const loadMs = performance.now() - started;
      let result = landmarker.detect(bitmap);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = landmarker.detect(bitmap);
        times.push(performance.now() - t);
      }
      landmarker.close();
      const tracker = await create('VIDEO');
      tracker.detectForVideo(bitmap, 1);
      const videoTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        tracker.detectForVideo(bitmap, 2 + i * 33);
        videoTimes.push(performance.now() - t);
      }
      tracker.close();
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const reddish = (p: { x: number; y: number }) => {
        const at = (Math.min(bitmap.height - 1, Math.max(0, Math.round(p.y * bitmap.height))) * bitmap.width + Math.min(bitmap.width - 1, Math.max(0, Math.round(p.x * bitmap.width)))) * 4;
        return pixels[at]! > pixels[at + 2]!;
      };
      const landmarks: { x: number; y: number; z: number }[][] = (result.faceLandmarks ?? result.landmarks).map((points: { x: number; y: number; z: number }[]) =>
        points.map(({ x, y, z }) => ({ x, y, z })),
      );
      const matrices: number[][] = (result.facialTransformationMatrixes ?? []).map((m: { data: number[] }) => Array.from(m.data));
      const handedness = (result.handedness ?? []).length;
      const onSkin = landmarks.map((points) => points.map(reddish));
      for (const points of landmarks) {
        points.forEach((p, i) => {
          // Face points from 468 on are the irises the bundle build adds: drawn apart to be seen.
          context.fillStyle = task === 'face' && i >= 468 ? '#ff00ff' : '#00ff66';
          context.fillRect(p.x * bitmap.width - 1.5, p.y * bitmap.height - 1.5, 3, 3);
        });
      }
      const png = await canvas.convertToBlob({ type: 'image/png' });
      const overlay = btoa(Array.from(new Uint8Array(await png.arrayBuffer()), (b) => String.fromCharCode(b)).join(''));
      return { loadMs, imageMs: median(times), videoMs: median(videoTimes), landmarks, matrices, handedness, onSkin, overlay };
    },
    { task, modelAssetPath: mediapipeTasks[task], wasmPath: mediapipeWasmPath, image, runs: timedRuns },
  );
  const figures = `load ${detection.loadMs.toFixed(0)} ms; per frame (median of ${timedRuns}) ${detection.imageMs.toFixed(1)} ms as single images, ${detection.videoMs.toFixed(1)} ms as video`;
  test.info().annotations.push({ type: task, description: figures });
  console.log(`${task}: ${figures}`);
  mkdirSync('test-results/shots', { recursive: true });
  writeFileSync(`test-results/shots/mediapipe-${task}-${test.info().title.includes('no hand') ? 'none' : 'found'}.png`, Buffer.from(detection.overlay, 'base64'));
  return detection;
}

const pixels = 512; // both fixtures are 512 x 512
const px = (p: Landmark) => ({ x: p.x * pixels, y: p.y * pixels });
const distance = (a: Landmark, b: Landmark) => Math.hypot((a.x - b.x) * pixels, (a.y - b.y) * pixels);

test.describe('MediaPipe bundles served by the app', () => {
  const leftTheDevice: string[] = [];
  test.beforeEach(async ({ page }) => {
    leftTheDevice.length = 0;
    page.on('requestfinished', (r) => {
      if (new URL(r.url()).hostname !== 'localhost') leftTheDevice.push(r.url());
    });
    await page.goto('/');
    await page.evaluate(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  test.afterEach(async ({ page }) => {
    // Nothing reaches another host: the app's CSP (connect-src 'self') stops tasks-vision's usage logs.
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    test.info().annotations.push({ type: 'blocked by CSP', description: violations.join(', ') || 'nothing' });
    expect(leftTheDevice).toEqual([]);
  });

  test('the face landmarker finds 478 points, irises in the eyes, and the facial transformation matrix', async ({ page }) => {
    const face = await detect(page, 'face', astronaut);
    expect(face.landmarks).toHaveLength(1);
    const points = face.landmarks[0]!;
    expect(points).toHaveLength(478);
    for (const p of points) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(1);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1);
    }
    // Her face spans about x 170..290, y 40..200 px; the nose tip (1) sits in its middle.
    const nose = px(points[1]!);
    expect(nose.x).toBeGreaterThan(195);
    expect(nose.x).toBeLessThan(250);
    expect(nose.y).toBeGreaterThan(100);
    expect(nose.y).toBeLessThan(150);
    // The added iris points land between the mesh's corners of the same eye (468 is the centre of
    // the iris on the picture's left, eye corners 33/133; 473 the other, 263/362), as in the
    // legacy solution: the concatenation kept x/y/z in step and the irises in order.
    for (const [iris, outer, inner] of [
      [468, 33, 133],
      [473, 263, 362],
    ] as const) {
      const centre = points[iris]!;
      const a = points[outer]!;
      const b = points[inner]!;
      const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, z: 0 };
      expect(distance(centre, middle), `iris ${iris} near the middle of eye corners ${outer}/${inner}`).toBeLessThan(0.35 * distance(a, b));
      expect(centre.z).toBe(points[iris + 1]!.z); // z is padded, the same for the iris' five points
    }
    expect(face.matrices).toHaveLength(1);
    const matrix = face.matrices[0]!;
    expect(matrix).toHaveLength(16);
    expect(matrix.every(Number.isFinite)).toBe(true);
    // Column-major 4x4: the face is in front of the camera (negative z translation), facing it.
    expect(matrix[14]!).toBeLessThan(-10);
    expect(Math.abs(matrix[10]!)).toBeGreaterThan(0.8);
  });

  test('the pose landmarker finds the body: nose on the face, shoulders below it', async ({ page }) => {
    const pose = await detect(page, 'pose', astronaut);
    expect(pose.landmarks).toHaveLength(1);
    const points = pose.landmarks[0]!;
    expect(points).toHaveLength(33);
    const nose = px(points[0]!);
    expect(nose.x).toBeGreaterThan(195);
    expect(nose.x).toBeLessThan(250);
    expect(nose.y).toBeGreaterThan(100);
    expect(nose.y).toBeLessThan(150);
    const [left, right] = [px(points[11]!), px(points[12]!)];
    expect(left.y).toBeGreaterThan(nose.y + 60);
    expect(right.y).toBeGreaterThan(nose.y + 60);
    // Her left shoulder is on the picture's right.
    expect(left.x).toBeGreaterThan(nose.x + 50);
    expect(right.x).toBeLessThan(nose.x - 50);
  });

  test('the hand landmarker finds the 21 points of an open hand, fingertips where the rendered fingers end', async ({ page }) => {
    const hand = await detect(page, 'hand', openPalm);
    expect(hand.landmarks).toHaveLength(1);
    expect(hand.handedness).toBe(1);
    const points = hand.landmarks[0]!;
    expect(points).toHaveLength(21);
    // Fingertips (4 thumb, 8 index, 12 middle, 16 ring, 20 pinky) against the rendered hand's own
    // tip joints projected to the image (see fixtures/ATTRIBUTION.md); the hand is 420 px tall.
    const renderedTips: Record<number, [number, number]> = { 4: [422, 235], 8: [267, 55], 12: [205, 38], 16: [137, 67], 20: [95, 125] };
    for (const [index, [x, y]] of Object.entries(renderedTips)) {
      expect(distance(points[Number(index)]!, { x: x / pixels, y: y / pixels, z: 0 }), `landmark ${index}`).toBeLessThan(20);
    }
    // The wrist is at the bottom, every finger points up, and the points lie on the hand.
    expect(px(points[0]!).y).toBeGreaterThan(380);
    for (const finger of [5, 9, 13, 17]) expect(points[finger + 3]!.y).toBeLessThan(points[finger]!.y);
    expect(hand.onSkin[0]!.filter(Boolean).length).toBeGreaterThanOrEqual(20);
  });

  test('the hand landmarker finds no hand in a portrait whose hands are out of the picture', async ({ page }) => {
    const hand = await detect(page, 'hand', astronaut);
    expect(hand.landmarks).toEqual([]);
    expect(hand.handedness).toBe(0);
  });
});
