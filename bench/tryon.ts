// Try-on: what a shopper's browser spends on tracking. The built app (`npm start`'s server), headless
// Chromium with a still picture as the fake camera, the real try-on panel on a product page:
// - face: aviator glasses on the astronaut portrait (e2e/fixtures/astronaut.png)
// - hand: the field watch on a rendered open hand (e2e/fixtures/hand-open-palm.png)
// - pose: the pendant necklace on the astronaut portrait
// Per task: load_ms (model download + landmarker creation, in the worker), p50/p95 inference ms per
// frame (timed around detectForVideo in the worker), fps (frames the overlay rendered per second)
// over `seconds` of tracking. longest_main_task_ms: the longest main-thread task (PerformanceObserver
// "longtask") while tracking, over all three. Targets: face p95 ≤ 25 ms, ≥ 30 fps with glasses, no
// main-thread task over 50 ms.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgsWithCamera, fakeCameraClip } from '../e2e/fake-camera';
import { chromiumPath } from '../e2e/support';

interface TaskFigures {
  load_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  fps: number | null;
  /** Not in the target: how many frames the tracker saw, and whether it found the body part. */
  detections_per_s?: number | null;
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

async function measure(browser: Browser, base: string, run: (typeof runs)[number], seconds: number): Promise<TaskFigures & { longest: number; longestWhileOpening: number }> {
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
    // Settle (first inferences warm the graph), then measure a clean window.
    await sleep(2_000);
    const read = () =>
      stage.evaluate((s: HTMLElement) => ({
        frames: Number(s.dataset.renderedFrames),
        inferences: Number(s.dataset.inferenceCount),
        found: s.dataset.found === 'true',
        loadMs: Number(s.dataset.loadMs),
        delegate: s.dataset.delegate ?? '',
      }));
    const longestWhileOpening = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
    await page.evaluate(() => ((window as unknown as { __longestTask: number }).__longestTask = 0));
    // The page's percentiles cover every frame since the model was ready: this window and the settling before it.
    const start = await read();
    const startedAt = Date.now();
    await sleep(seconds * 1000);
    const end = await read();
    const elapsed = (Date.now() - startedAt) / 1000;
    const p50 = Number(await stage.getAttribute('data-inference-p50'));
    const p95 = Number(await stage.getAttribute('data-inference-p95'));
    const longest = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
    return {
      load_ms: round1(start.loadMs),
      p50_ms: round1(p50),
      p95_ms: round1(p95),
      fps: round1((end.frames - start.frames) / elapsed),
      detections_per_s: round1((end.inferences - start.inferences) / elapsed),
      found: end.found,
      delegate: end.delegate,
      longest,
      longestWhileOpening,
    };
  } finally {
    await context.close();
  }
}

export async function tryOnBenchmark(seconds = 20): Promise<Record<string, object | number | null>> {
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
        const figures = await measure(browser, base, run, seconds);
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
