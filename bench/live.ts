// Live shows: what a viewer of a busy show waits for.
// - pin_fanout: the real server (PGlite, demo shop) in a child process, 1,000 WebSocket viewers on
//   loopback in this process, all subscribed to the show; the demo host (signed in over HTTP) goes
//   live and pins run-sheet products. Delay = a viewer's receipt of `pin.changed` − the moment the
//   host's POST was sent, both read on this process's clock. Target p99 ≤ 50 ms. Measured again, in
//   the same run and the same way, against a bare `ws` server broadcasting the same text: the floor.
// - reactions: viewers tap hearts at 5,000 taps/s in total for 5 s; a listener counts the bursts.
//   Target: every tap counted, at most 4 broadcasts a second.
// - glass_to_glass: the built app (`npm start`'s server) on the local stage, two Chromium contexts
//   with the fake camera; the viewer's requestVideoFrameCallback metadata gives presentationTime −
//   captureTime per frame. Target p50 ≤ 100 ms.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser } from '@playwright/test';
import WebSocket from 'ws';
import { chromiumArgs, chromiumPath } from '../e2e/support';
import { createLoadClient, percentile } from './http-client';

const showId = 'show-summer-eyewear';
const channel = `show:${showId}`;
/** The show's run-sheet: four products and a cap of three pins, so pinning them in turn always changes the pins. */
const runSheet = ['aviator-sunglasses', 'round-glasses', 'baseball-cap', 'bucket-hat'];
const host = { email: 'host@live-shop.local', password: 'live-shop-demo' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Child {
  url: string;
  child: ChildProcess;
  next(): Promise<any>;
  stop(): Promise<void>;
}

async function startChild(script: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${script} exited before answering`);
    return JSON.parse(line.value as string);
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    child,
    next,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.stdin!.write('exit\n');
      await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

// ---------- a thousand viewers ----------

interface Audience {
  sockets: WebSocket[];
  closed: number;
  /** The text of the first delivery seen (for the bare baseline to send the same payload). */
  sample: string | null;
  /** Measures one broadcast: `send` triggers it; resolves with each socket's delay from the trigger (ms). */
  measure(send: () => Promise<void>, timeoutMs?: number): Promise<number[]>;
  close(): void;
}

/**
 * Opens `n` sockets to `url` (/ws), subscribed to the show when `subscribe`, in batches so the
 * accept queue is not the thing measured. A message counts as a delivery when `isDelivery` says so.
 */
async function openAudience(url: string, n: number, subscribe: boolean, isDelivery: (text: string) => boolean): Promise<Audience> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
  let startedAt = 0;
  let delays: number[] = [];
  let expected = 0;
  let onDone: (() => void) | null = null;
  const audience: Audience = {
    sockets: [],
    closed: 0,
    sample: null,
    async measure(send, timeoutMs = 3_000) {
      delays = [];
      expected = audience.sockets.length - audience.closed;
      const done = new Promise<void>((resolve) => {
        onDone = resolve;
      });
      startedAt = performance.now();
      await send();
      await Promise.race([done, sleep(timeoutMs)]);
      onDone = null;
      const out = delays;
      delays = [];
      expected = Number.POSITIVE_INFINITY;
      return out;
    },
    close() {
      for (const s of audience.sockets) s.terminate();
    },
  };
  expected = Number.POSITIVE_INFINITY;
  const openOne = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(wsUrl);
      let ready = false;
      socket.on('message', (data) => {
        const at = performance.now();
        const text = data.toString();
        if (!ready) {
          // Subscribed once the snapshot (or the first catch-up) for the show has come.
          if (text.includes('"op":"error"')) return reject(new Error(`subscribe failed: ${text}`));
          if (text.includes(`"channel":"${channel}"`)) {
            ready = true;
            resolve();
          }
          return;
        }
        if (onDone && isDelivery(text)) {
          audience.sample ??= text;
          delays.push(at - startedAt);
          if (delays.length >= expected) onDone();
        }
      });
      socket.once('open', () => {
        if (subscribe) socket.send(JSON.stringify({ op: 'subscribe', channel }));
        else {
          ready = true;
          resolve();
        }
      });
      socket.once('error', reject);
      socket.on('close', () => {
        audience.closed += 1;
      });
      audience.sockets.push(socket);
    });
  for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: Math.min(100, n - i) }, openOne));
  return audience;
}

interface FanoutFigures {
  clients: number;
  pins: number;
  deliveries: number;
  missed: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The earliest viewer's delay per broadcast (median): what the server takes before the fan-out starts. */
  first_delivery_p50_ms: number;
}

interface FanoutTarget {
  audience: Audience;
  broadcast: (i: number) => Promise<void>;
}

/**
 * `warm` unmeasured broadcasts per target, then `count` measured ones, the targets taking turns
 * (`gapMs` apart) so that each sees the same load from whatever else runs on the machine.
 */
async function fanout(targets: FanoutTarget[], clients: number, options: { warm: number; count: number; gapMs: number }): Promise<FanoutFigures[]> {
  for (const { audience, broadcast } of targets) {
    for (let i = 0; i < options.warm; i += 1) {
      await audience.measure(() => broadcast(i));
      await sleep(options.gapMs);
    }
  }
  const runs = targets.map(() => ({ all: [] as number[], firsts: [] as number[], missed: 0 }));
  for (let i = 0; i < options.count; i += 1) {
    for (const [t, { audience, broadcast }] of targets.entries()) {
      const run = runs[t]!;
      const delays = await audience.measure(() => broadcast(options.warm + i));
      run.missed += clients - delays.length;
      run.all.push(...delays);
      if (delays.length) run.firsts.push(Math.min(...delays));
      await sleep(options.gapMs);
    }
  }
  return runs.map(({ all, firsts, missed }) => {
    all.sort((x, y) => x - y);
    firsts.sort((x, y) => x - y);
    return {
      clients,
      pins: options.count,
      deliveries: all.length,
      missed,
      p50_ms: round1(percentile(all, 50)),
      p99_ms: round1(percentile(all, 99)),
      max_ms: round1(all.at(-1) ?? 0),
      first_delivery_p50_ms: round1(percentile(firsts, 50)),
    };
  });
}

async function signIn(http: ReturnType<typeof createLoadClient>): Promise<string> {
  const login = await http.request('POST', '/api/auth/login', host);
  if (login.status !== 200) throw new Error(`the demo host could not sign in: ${login.status} ${JSON.stringify(login.body)}`);
  const sid = login.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('sid='));
  if (!sid) throw new Error('the sign-in set no session cookie');
  return sid;
}

// ---------- reactions ----------

interface ReactionFigures {
  taps_per_s: number;
  broadcasts_per_s: number;
  taps_sent_per_s: number;
  taps_counted: number;
  taps_sent: number;
  bursts: number;
  /** The shortest time between two bursts as the server published them (250 ms = 4 a second). */
  min_gap_ms: number;
  /** Bursts the listener never saw (latest-wins values overwrite one another for a slow socket): their taps are missing from taps_counted. */
  skipped_bursts: number;
  senders: number;
  tap_errors: number;
}

async function reactions(url: string, options = { senders: 10, messagesPerSecondEach: 10, count: 50, seconds: 5 }): Promise<ReactionFigures> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(wsUrl);
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ op: 'subscribe', channel })));
      const onReady = (data: WebSocket.RawData) => {
        if (data.toString().includes(`"channel":"${channel}"`)) {
          socket.off('message', onReady);
          resolve(socket);
        }
      };
      socket.on('message', onReady);
    });
  const listener = await open();
  const senders = await Promise.all(Array.from({ length: options.senders }, open));
  /** `serverTime`: when the server published it (Date.now on the same machine). */
  const bursts: { serverTime: number; count: number; n: number }[] = [];
  listener.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.op === 'ephemeral' && typeof message.key === 'string' && message.key.startsWith('reaction.burst')) {
      bursts.push({ serverTime: message.serverTime, count: message.data.count, n: message.data.n });
    }
  });
  let tapErrors = 0;
  for (const s of senders) {
    s.on('message', (data) => {
      if (data.toString().includes('"op":"error"')) tapErrors += 1;
    });
  }

  const tap = JSON.stringify({ op: 'publish', channel, type: 'reaction.tap', data: { count: options.count } });
  const periodMs = 1000 / options.messagesPerSecondEach;
  let sent = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const wallStart = Date.now();
  const wallEnd = wallStart + options.seconds * 1000;
  await Promise.all(
    senders.map(async (s, i) => {
      // Staggered, so the messages arrive spread over each period as many viewers' would.
      await sleep((i * periodMs) / options.senders);
      for (let k = 0; ; k += 1) {
        const due = start + (i * periodMs) / options.senders + k * periodMs;
        if (due >= end) break;
        await sleep(due - performance.now());
        s.send(tap);
        sent += options.count;
      }
    }),
  );
  // The last taps go out in the next burst, at most one interval later.
  await sleep(1_000);
  for (const s of [listener, ...senders]) s.terminate();

  // Counted by the server's publishing time: the 66 ms ephemeral flush moves receipt by a few tens of ms.
  const inWindow = bursts.filter((b) => b.serverTime >= wallStart && b.serverTime < wallEnd);
  const gaps = bursts.slice(1).map((b, i) => b.serverTime - bursts[i]!.serverTime);
  const counted = bursts.reduce((sum, b) => sum + b.count, 0);
  return {
    taps_per_s: Math.round(counted / options.seconds),
    broadcasts_per_s: round1(inWindow.length / options.seconds),
    taps_sent_per_s: Math.round(sent / options.seconds),
    taps_counted: counted,
    taps_sent: sent,
    bursts: bursts.length,
    min_gap_ms: gaps.length ? Math.min(...gaps) : 0,
    skipped_bursts: bursts.length ? bursts.at(-1)!.n - bursts[0]!.n + 1 - bursts.length : 0,
    senders: options.senders,
    tap_errors: tapErrors,
  };
}

// ---------- glass to glass ----------

interface FrameTiming {
  captureTime?: number;
  receiveTime?: number;
  presentationTime: number;
}

interface GlassFigures {
  p50_ms: number | null;
  p95_ms: number | null;
  receive_p50_ms?: number;
  frames?: number;
  frames_with_capture_time?: number;
  fps?: number;
  error?: string;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the app server did not answer ${url}/api/health within ${timeoutMs} ms`);
}

/** Runs one step of the browser session; a failure names the step. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
}

/** Generous: the machine may be busy with other work (the figures are what the frames say, not how long setup took). */
const waitMs = 45_000;

async function glassToGlass(seconds = 10): Promise<GlassFigures> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!fs.existsSync('dist/client/index.html')) {
    console.log('dist/client is missing: running vite build');
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-shop-bench-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'error' },
  });
  let browser: Browser | null = null;
  try {
    await waitForHealth(base, server, 60_000);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const hostContext = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const viewerContext = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const studio = await hostContext.newPage();
    const login = await studio.request.post('/api/auth/login', { data: host });
    if (login.status() !== 200) throw new Error(`the demo host could not sign in: ${login.status()}`);
    await step('the host opens the studio and the camera preview plays', async () => {
      await studio.goto(`/studio/${showId}`);
      await studio.waitForFunction(() => ((document.querySelector('[data-testid="studio-preview"]') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, null, { timeout: waitMs });
    });
    await step('the host goes live', async () => {
      await studio.getByTestId('go-live').click({ timeout: waitMs });
      await studio.locator('[data-testid="stage-state"][data-state="live"]').waitFor({ timeout: waitMs });
    });

    const viewer = await viewerContext.newPage();
    await step('the viewer sees the show live', async () => {
      await viewer.goto(`/shows/${showId}`);
      await viewer.locator('[data-testid="stage-state"][data-state="live"]').waitFor({ timeout: waitMs });
    });
    await step('the viewer has a picture', () =>
      viewer.waitForFunction(
        () => {
          const v = document.querySelector('[data-testid="stage-video"]') as HTMLVideoElement | null;
          return !!v && v.videoWidth * v.videoHeight > 0;
        },
        null,
        { timeout: waitMs },
      ),
    );
    // A script as text: tsx compiles functions with a `__name` helper that does not exist in the page.
    const frames = await viewer.evaluate<FrameTiming[]>(`new Promise((resolve) => {
      const v = document.querySelector('[data-testid="stage-video"]');
      const out = [];
      const until = performance.now() + ${seconds * 1000};
      function onFrame(now, meta) {
        out.push({ captureTime: meta.captureTime, receiveTime: meta.receiveTime, presentationTime: meta.presentationTime });
        if (now >= until) resolve(out);
        else v.requestVideoFrameCallback(onFrame);
      }
      v.requestVideoFrameCallback(onFrame);
    })`);
    const timed = frames.filter((f) => typeof f.captureTime === 'number');
    if (!timed.length) throw new Error(`no frame had captureTime in ${frames.length} frames`);
    const delays = timed.map((f) => f.presentationTime - f.captureTime!).sort((a, b) => a - b);
    const receive = timed
      .filter((f) => typeof f.receiveTime === 'number')
      .map((f) => f.receiveTime! - f.captureTime!)
      .sort((a, b) => a - b);
    return {
      p50_ms: round1(percentile(delays, 50)),
      p95_ms: round1(percentile(delays, 95)),
      receive_p50_ms: round1(percentile(receive, 50)),
      frames: frames.length,
      frames_with_capture_time: timed.length,
      fps: round1(frames.length / seconds),
    };
  } finally {
    await browser?.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000).then(() => server.kill('SIGKILL'))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------- the benchmark ----------

export async function liveBenchmark(): Promise<Record<string, object>> {
  const clients = 1_000;
  const plan = { warm: 4, count: 20, gapMs: 200 };
  const results: Record<string, object> = {};

  // The app and, for the floor, a bare ws server broadcasting the same text to as many clients;
  // pins and bare broadcasts take turns. Then reactions on the same live show, its viewers watching.
  const app = await startChild('bench/live-server.ts');
  try {
    const bare = await startChild('bench/bare-ws-server.ts');
    const appHttp = createLoadClient(app.url, 4);
    const bareHttp = createLoadClient(bare.url, 4);
    const audiences: Audience[] = [];
    try {
      const cookie = await signIn(appHttp);
      const viewers = await openAudience(app.url, clients, true, (text) => text.includes('"type":"pin.changed"'));
      audiences.push(viewers);
      const floorClients = await openAudience(bare.url, clients, false, () => true);
      audiences.push(floorClients);
      const live = await appHttp.request('POST', `/api/shows/${showId}/live`, {}, { cookie });
      if (live.status !== 200) throw new Error(`going live failed: ${live.status} ${JSON.stringify(live.body)}`);
      let pinErrors = 0;
      const pin = async (i: number) => {
        const reply = await appHttp.request('POST', `/api/shows/${showId}/pins`, { productId: runSheet[i % runSheet.length] }, { cookie });
        if (reply.status !== 200) pinErrors += 1;
      };
      // The app's warm-up pins come first, so the floor sends the bytes of a real `pin.changed`.
      const broadcastBare = async () => {
        const text = viewers.sample ?? JSON.stringify({ op: 'event', channel, seq: 1, serverTime: Date.now(), type: 'pin.changed', data: { pins: [] } });
        await bareHttp.request('POST', '/broadcast', { text });
      };
      const [figures, floor] = await fanout(
        [
          { audience: viewers, broadcast: pin },
          { audience: floorClients, broadcast: broadcastBare },
        ],
        clients,
        plan,
      );
      if (pinErrors) throw new Error(`${pinErrors} pins were refused`);
      floorClients.close();
      console.table({ app: figures, bare_ws: floor });
      results.pin_fanout = {
        ...figures!,
        bare_ws_p50_ms: floor!.p50_ms,
        bare_ws_p99_ms: floor!.p99_ms,
        bare_ws_first_delivery_p50_ms: floor!.first_delivery_p50_ms,
        p99_ratio_to_bare: round1(figures!.p99_ms / Math.max(floor!.p99_ms, 0.1)),
      };

      // The thousand viewers stay subscribed: every burst goes to them too.
      const taps = { ...(await reactions(app.url)), viewers: viewers.sockets.length - viewers.closed };
      console.table({ reactions: taps });
      results.reactions = taps;
    } finally {
      for (const a of audiences) a.close();
      appHttp.close();
      bareHttp.close();
      await bare.stop();
    }
  } finally {
    await app.stop();
  }

  try {
    results.glass_to_glass = await glassToGlass();
    console.table({ glass_to_glass: results.glass_to_glass });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    console.error(`glass_to_glass could not be measured: ${message}`);
    results.glass_to_glass = { p50_ms: null, p95_ms: null, error: message } satisfies GlassFigures;
  }

  return { pin_fanout: results.pin_fanout!, reactions: results.reactions!, glass_to_glass: results.glass_to_glass };
}
