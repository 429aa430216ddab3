// `npm run bench -- --only models`: every built model (public/models/*.glb) measured twice.
// - From the file (gltf-transform inspect): bytes, vertices uploaded to the GPU, largest texture side.
// - In headless Chromium on loopback, on the product page of the built app: draw calls of a frame, all passes
//   (renderer.info.render.calls), time from the viewer's mount to its first frame with the model,
//   and React renders while orbiting with the mouse (target 0), counted by the viewer's probe
//   (client/features/viewer3d/probe.ts) over every model's orbit and given per 100 frames.
// The app is served from CLIENT_DIR (default dist/client, built when missing).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port';
import os from 'node:os';
import path from 'node:path';
import { NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { inspect } from '@gltf-transform/functions';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/support';
import type { ModelManifest } from '../common/models';

interface ModelFigures {
  file: string;
  bytes: number;
  vertices: number;
  draw_calls: number | null;
  max_texture_px: number;
  first_frame_ms: number | null;
}

const modelsDir = path.resolve('public/models');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;
/** Generous: SwiftShader on a busy two-core machine is slow; the figures come from the page's own clocks. */
const waitMs = 90_000;
const orbitSteps = 30;

async function fileFigures(file: string): Promise<Pick<ModelFigures, 'bytes' | 'vertices' | 'max_texture_px'>> {
  await MeshoptDecoder.ready;
  const io = new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({ 'meshopt.decoder': MeshoptDecoder, 'meshopt.encoder': MeshoptEncoder });
  const report = inspect(await io.read(path.join(modelsDir, file)));
  const vertices = report.scenes.properties.reduce((sum, scene) => sum + scene.uploadVertexCount, 0);
  const maxTexture = report.textures.properties.reduce((max, texture) => Math.max(max, ...texture.resolution.split('x').map(Number).filter(Number.isFinite)), 0);
  return { bytes: fs.statSync(path.join(modelsDir, file)).size, vertices, max_texture_px: maxTexture };
}

// Scripts as text: tsx compiles functions with a `__name` helper that does not exist in the page.
const probeInit = 'window.__viewer3dProbe = { renders: 0, frames: 0, viewers: {} };';
const readProbe = `(() => {
  const p = window.__viewer3dProbe;
  const v = p.viewers.product;
  return { renders: p.renders, frames: p.frames, firstFrameMs: v && v.firstFrameAt !== null ? v.firstFrameAt - v.mountedAt : null, calls: v && v.gl ? v.gl.info.render.calls : null };
})()`;

interface ProbeReading {
  renders: number;
  frames: number;
  firstFrameMs: number | null;
  calls: number | null;
}

// three resets its counters at every render() call, and a frame here is several (the contact
// shadow's passes, then the scene): count every call of a few frames and divide by the frames.
const startCounting = `(() => {
  const p = window.__viewer3dProbe;
  const gl = p.viewers.product.gl;
  gl.info.autoReset = false;
  gl.info.reset();
  return p.frames;
})()`;
const stopCounting = `(() => {
  const p = window.__viewer3dProbe;
  const gl = p.viewers.product.gl;
  const calls = gl.info.render.calls;
  gl.info.autoReset = true;
  return { calls, frames: p.frames };
})()`;

/** Draw calls of one frame, all passes included: a keyboard turn renders a few frames on demand. */
async function drawCallsPerFrame(page: Page): Promise<number | null> {
  const framesBefore = (await page.evaluate(startCounting)) as number;
  await page.locator('[data-testid="viewer3d"][data-purpose="product"] .viewer3d__stage').press('ArrowLeft');
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const { frames } = (await page.evaluate(readProbe)) as ProbeReading;
    if (frames === last) break;
    last = frames;
    await sleep(250);
  }
  const { calls, frames } = (await page.evaluate(stopCounting)) as { calls: number; frames: number };
  return frames > framesBefore ? Math.round(calls / (frames - framesBefore)) : null;
}

/** Drags across the canvas like a shopper turning the model, then waits for the damping to settle. */
async function orbit(page: Page): Promise<void> {
  const box = await page.locator('[data-testid="viewer3d"][data-purpose="product"] canvas').boundingBox();
  if (!box) throw new Error('the canvas has no box');
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let i = 1; i <= orbitSteps; i++) await page.mouse.move(box.x + box.width * (0.25 + (i / orbitSteps) * 0.5), box.y + box.height * (0.5 - (i / orbitSteps) * 0.1));
  await page.mouse.up();
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const { frames } = (await page.evaluate(readProbe)) as ProbeReading;
    if (frames === last) return;
    last = frames;
    await sleep(250);
  }
}

export async function modelsBenchmark(): Promise<Record<string, object>> {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8')) as ModelManifest;
  const clientDir = process.env.CLIENT_DIR ?? 'dist/client';
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    console.log(`${clientDir} is missing: running vite build`);
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-shop-bench-models-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CLIENT_DIR: clientDir, NODE_ENV: 'production', LOG_LEVEL: 'error' },
  });
  let browser: Browser | null = null;
  const models: ModelFigures[] = [];
  let orbitFrames = 0;
  let orbitRenders = 0;
  try {
    for (let deadline = Date.now() + 60_000; ; ) {
      if (server.exitCode !== null) throw new Error(`the app server exited with code ${server.exitCode}`);
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error('the app server did not start');
      await sleep(200);
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    for (const entry of manifest.models) {
      const file = path.basename(entry.file);
      const figures: ModelFigures = { file, ...(await fileFigures(file)), draw_calls: null, first_frame_ms: null };
      models.push(figures);
      console.log(`measuring ${file} in Chromium…`);
      // A fresh context per model: nothing cached from the one before.
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      try {
        await context.addInitScript({ content: probeInit });
        const page = await context.newPage();
        await page.goto(`/products/${entry.productId}`);
        await page.locator('[data-testid="viewer3d"][data-purpose="product"][data-phase="ready"]').waitFor({ timeout: waitMs });
        const ready = (await page.evaluate(readProbe)) as ProbeReading;
        figures.first_frame_ms = ready.firstFrameMs === null ? null : round1(ready.firstFrameMs);
        figures.draw_calls = await drawCallsPerFrame(page);
        const before = (await page.evaluate(readProbe)) as ProbeReading;
        await orbit(page);
        const after = (await page.evaluate(readProbe)) as ProbeReading;
        orbitFrames += after.frames - before.frames;
        orbitRenders += after.renders - before.renders;
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000).then(() => server.kill('SIGKILL'))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.table(models);
  const perHundred = orbitFrames > 0 ? round1((orbitRenders / orbitFrames) * 100) : null;
  console.log(`orbit: ${orbitFrames} frames, ${orbitRenders} React renders (${perHundred} per 100 frames; target 0)`);
  const result: Record<string, unknown> = { models, react_renders_per_100_orbit_frames: perHundred };
  return result as Record<string, object>;
}
