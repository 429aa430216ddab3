// Try-on: what a shopper's browser spends on tracking. The built app (`npm start`'s server), headless
// Chromium with a still picture as the fake camera, the real try-on panel on a product page:
// - face: aviator glasses on the astronaut portrait (e2e/fixtures/astronaut.png)
// - hand: the field watch on a rendered open hand (e2e/fixtures/hand-open-palm.png)
// - pose: the pendant necklace on the astronaut portrait
// Per task: load_ms (model download + landmarker creation, in the worker), p50/p95 inference ms per
// frame (timed around detectForVideo in the worker), fps (frames the overlay rendered per second, by
// the page's clock) over `seconds` of tracking after `warmupSeconds` of it (reported as warmup_*).
// longest_main_task_ms: the longest main-thread task (PerformanceObserver "longtask") while tracking,
// warm-up included, over all three. Targets: face p95 ≤ 25 ms, ≥ 30 fps with glasses, no
// main-thread task over 50 ms.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator } from '@playwright/test';
import { chromiumArgsWithCamera, fakeCameraClip } from '../e2e/fake-camera';
import { chromiumPath } from '../e2e/support';

interface TaskFigures {
  load_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  fps: number | null;
  /** Not in the target: how many frames the tracker saw, and whether it found the body part. */
  detections_per_s?: number | null;
  /** The first `warmupSeconds` of tracking, before the measured window (see measure()). */
  warmup_p50_ms?: number | null;
  warmup_p95_ms?: number | null;
  warmup_fps?: number | null;
  found?: boolean;
  delegate?: string;
  error?: string;
}

const runs = [
  { task: 'face', productId: 'aviator-sunglasses', fixture: 'astronaut.png' },
  { task: 'hand', productId: 'field-watch', fixture: 'hand-open-palm.png' },
  { task: 'pose', productId: 'pendant-necklace', fixture: 'astronaut.png' },
] as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round1 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10) / 10);

async function waitForHealth(url: string, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the app server exited');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the app server did not answer within ${timeoutMs} ms`);
}

/** Collects main-thread long tasks from page start; the bench resets the maximum when tracking begins. */
const longTaskProbe = () => {
  const w = window as unknown as { __longestTask: number };
  w.__longestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

async function measure(browser: Browser, base: string, run: (typeof runs)[number], seconds: number, warmupSeconds: number): Promise<TaskFigures & { longest: number; longestWhileOpening: number }> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  try {
    await context.addInitScript(longTaskProbe);
    const page = await context.newPage();
    await page.goto(`/products/${run.productId}`);
    await page.getByTestId('try-on-open').click();
    const stage = page.getByTestId('try-on-stage');
    // Ready when the model has loaded and the first frames have been through the worker.
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="try-on-stage"]') as HTMLElement | null;
      return !!s && s.dataset.loadMs !== undefined && s.dataset.loadMs !== '' && Number(s.dataset.inferenceCount ?? 0) >= 5;
    }, null, { timeout: 90_000 });
    const longestWhileOpening = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
    await page.evaluate(() => ((window as unknown as { __longestTask: number }).__longestTask = 0));

    /** The figures of a window that starts now: the page writes them every 250 ms, on its own clock. */
    const windowOf = async (length: number) => {
      const start = await markWindow(stage);
      await sleep(length * 1000);
      const end = await freshFigures(stage, start.at);
      const elapsedMs = end.at - start.at;
      return {
        p50: end.p50,
        p95: end.p95,
        fps: (end.frames - start.frames) / (elapsedMs / 1000),
        detectionsPerS: (end.inferences - start.inferences) / (elapsedMs / 1000),
        end,
      };
    };
    // V8 compiles the MediaPipe WASM's hot functions again, optimised, in the background for the
    // first 15–20 s of tracking; on 2 cores frames are slower meanwhile. The target is the steady
    // state after it; the warm-up's figures are reported beside it.
    const warmup = await windowOf(warmupSeconds);
    const measured = await windowOf(seconds);
    const longest = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
    return {
      load_ms: round1(measured.end.loadMs),
      p50_ms: round1(measured.p50),
      p95_ms: round1(measured.p95),
      fps: round1(measured.fps),
      detections_per_s: round1(measured.detectionsPerS),
      warmup_p50_ms: round1(warmup.p50),
      warmup_p95_ms: round1(warmup.p95),
      warmup_fps: round1(warmup.fps),
      found: measured.end.found,
      delegate: measured.end.delegate,
      longest,
      longestWhileOpening,
    };
  } finally {
    await context.close();
  }
}

type StageFigures = { at: number; frames: number; inferences: number; p50: number | null; p95: number | null; found: boolean; loadMs: number; delegate: string };

const readFigures = (stage: Locator): Promise<StageFigures> =>
  stage.evaluate((s: HTMLElement) => {
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const d = s.dataset;
    return {
      at: Number(d.figuresAt),
      frames: Number(d.renderedFrames),
      inferences: Number(d.inferenceCount),
      p50: d.inferenceP50 ? Number(d.inferenceP50) : null,
      p95: d.inferenceP95 ? Number(d.inferenceP95) : null,
      found: d.found === 'true',
      loadMs: Number(d.loadMs),
      delegate: d.delegate ?? '',
    };
  });

/** The first figures the page writes after page time `after`. */
async function freshFigures(stage: Locator, after: number): Promise<StageFigures> {
  for (;;) {
    const figures = await readFigures(stage);
    if (figures.at > after) return figures;
    await sleep(50);
  }
}

/** Starts a window: the page's percentiles cover inferences from now on; returns the figures at its start. */
async function markWindow(stage: Locator): Promise<StageFigures> {
  const before = await readFigures(stage);
  await stage.evaluate((s: HTMLElement, since: number) => (s.dataset.inferenceSince = String(since)), before.inferences);
  return before;
}

export async function tryOnBenchmark(seconds = 20, warmupSeconds = 20): Promise<Record<string, object | number | null>> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const clientDir = process.env.CLIENT_DIR ?? 'dist/client';
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    console.log(`${clientDir} is missing: running vite build`);
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  if (!fs.existsSync(path.join(clientDir, 'mediapipe', 'face_landmarker.task'))) throw new Error(`${clientDir}/mediapipe has no models: run npm install (it assembles public/mediapipe), then build`);
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-shop-bench-tryon-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CLIENT_DIR: clientDir, NODE_ENV: 'production', LOG_LEVEL: 'error' },
  });
  let exited = false;
  server.on('exit', () => (exited = true));
  const results: Record<string, TaskFigures> = {};
  let longest = 0;
  let longestWhileOpening = 0;
  try {
    // Generous: first start-up seeds the shop, and the machine may be busy.
    await waitForHealth(base, () => exited, 180_000);
    for (const run of runs) {
      const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgsWithCamera(fakeCameraClip(run.fixture)) });
      try {
        const figures = await measure(browser, base, run, seconds, warmupSeconds);
        longest = Math.max(longest, figures.longest);
        longestWhileOpening = Math.max(longestWhileOpening, figures.longestWhileOpening);
        const { longest: _l, longestWhileOpening: _o, ...task } = figures;
        results[run.task] = task;
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        console.error(`${run.task} could not be measured: ${message}`);
        results[run.task] = { load_ms: null, p50_ms: null, p95_ms: null, fps: null, error: message };
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`longest main-thread task while opening the try-on (page load, model load): ${Math.round(longestWhileOpening)} ms`);
  return { face: results.face!, hand: results.hand!, pose: results.pose!, longest_main_task_ms: round1(longest) };
}
