// Webcam try-on with a fake camera: Chromium plays a still of astronaut Eileen Collins
// (e2e/fixtures/astronaut.png, public domain) as the webcam. MediaPipe runs in the worker with the
// app's own models; the glasses must land on her nose bridge, change colour with the variant, and
// the camera-denied state must say so. During a live show, the host's video keeps playing with sound.
import { chromium, expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { chromiumArgsWithCamera, fakeCameraClip, fakeCameraSize } from './fake-camera';
import { chromiumPath, hostGoesLive, shot, viewports } from './support';

const clip = fakeCameraClip('astronaut.png');
// Model download, WASM start-up and the first detections take a while on a 2-core machine without a GPU.
test.describe.configure({ timeout: 200_000 });
test.use({ locale: 'en-US', launchOptions: { executablePath: chromiumPath, args: chromiumArgsWithCamera(clip) } });

/** The glasses' bridge (model origin, projected through the overlay camera) may sit this far from the landmark. */
const bridgeTolerancePx = 3;
/** Where the nose bridge is in the fake camera frame, mirrored as shown (measured on the photo: between the eyes). */
const photoNoseBridge = { x: fakeCameraSize.width - (80 + 222 * (480 / 512)), y: 116 * (480 / 512) };
const photoTolerancePx = 24;

const point = (text: string | null) => {
  const [x, y] = (text ?? '').split(',').map(Number);
  return { x: x ?? NaN, y: y ?? NaN };
};

/** Average colour and centroid of what the 3D overlay drew (its own pixels only), in stage CSS pixels. */
async function overlayInk(page: Page) {
  return page.getByTestId('try-on-stage').evaluate((stage: HTMLElement) => {
    const gl = stage.querySelector('canvas') as HTMLCanvasElement | null;
    if (!gl) return null;
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(gl, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3]!;
      if (a < 128) continue;
      // getImageData gives straight (not premultiplied) colour, whatever canvas was drawn in.
      r += data[i]!;
      g += data[i + 1]!;
      b += data[i + 2]!;
      const p = i / 4;
      sx += p % c.width;
      sy += Math.floor(p / c.width);
      n++;
    }
    if (n === 0) return { pixels: 0, r: 0, g: 0, b: 0, x: NaN, y: NaN };
    const scale = stage.clientWidth / c.width;
    // The canvas is mirrored on screen like the video.
    return { pixels: n, r: r / n, g: g / n, b: b / n, x: stage.clientWidth - (sx / n) * scale, y: (sy / n) * scale };
  });
}

async function openGlassesTryOn(page: Page) {
  await page.goto('/products/aviator-sunglasses');
  // The 3D viewer's controls appear above the button when its model is drawn: click after that shift.
  await expect(page.locator('[data-testid="viewer3d"][data-purpose="product"]')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.getByTestId('try-on-open').click();
  const stage = page.getByTestId('try-on-stage');
  await expect(page.getByText('Your camera picture stays on this device')).toBeVisible();
  // Model download and first detection on a 2-core machine without a GPU.
  await expect(stage).toHaveAttribute('data-phase', 'tracking', { timeout: 90_000 });
  await expect(stage).toHaveAttribute('data-found', 'true');
  await expect(stage).toHaveAttribute('data-bridge', /\d/);
  await expect(stage).toHaveAttribute('data-variant', /aviator-sunglasses-/);
  return stage;
}

for (const [size, viewport] of Object.entries(viewports)) {
  test(`glasses land on the nose bridge and change colour with the variant (${size})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    try {
      // Keeps the camera streams the page opens, to see that closing the try-on stops their tracks.
      await context.addInitScript(() => {
        const streams: MediaStream[] = [];
        (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams = streams;
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          const stream = await open(constraints);
          streams.push(stream);
          return stream;
        };
      });
      const page = await context.newPage();
      const stage = await openGlassesTryOn(page);
      const box = (await stage.boundingBox())!;
      const toStage = box.width / fakeCameraSize.width;

      // The landmark is where the photo's nose bridge is, and the glasses' bridge is drawn on it.
      const landmark = point(await stage.getAttribute('data-landmark'));
      const bridge = point(await stage.getAttribute('data-bridge'));
      expect(Math.hypot(landmark.x - photoNoseBridge.x * toStage, landmark.y - photoNoseBridge.y * toStage)).toBeLessThan(photoTolerancePx * toStage);
      expect(Math.hypot(bridge.x - landmark.x, bridge.y - landmark.y)).toBeLessThanOrEqual(bridgeTolerancePx);

      // What the overlay actually drew: a frame across the eyes, centred on the bridge left to right.
      // Shown a frame or two after it is drawn on a software rasteriser (lib/webgl-readback.ts).
      await expect.poll(async () => (await overlayInk(page))?.pixels ?? 0, { message: 'the glasses are on the page' }).toBeGreaterThan(500);
      const gold = await overlayInk(page);
      expect(gold).not.toBeNull();
      expect(Math.abs(gold!.x - landmark.x)).toBeLessThan(12 * toStage);
      expect(Math.abs(gold!.y - landmark.y)).toBeLessThan(40 * toStage);
      await shot(page, `try-on-glasses-${size}`);

      // Another variant inside the try-on: the rendered colour changes (gold → black frames, dark lenses).
      const variant = page.getByTestId('try-on-variant-aviator-sunglasses-black');
      await variant.click();
      await expect(variant).toHaveAttribute('aria-checked', 'true');
      await expect(stage).toHaveAttribute('data-variant', 'aviator-sunglasses-black');
      await expect.poll(async () => {
        const black = await overlayInk(page);
        return (gold!.r + gold!.g + gold!.b) / 3 - ((black?.r ?? 255) + (black?.g ?? 255) + (black?.b ?? 255)) / 3;
      }, { message: 'black frames render darker than gold ones' }).toBeGreaterThan(15);
      // The buy box follows the variant picked in the try-on.
      await expect(page.locator('[data-testid="variant-option"][data-variant-id="aviator-sunglasses-black"]')).toHaveAttribute('aria-pressed', 'true');
      await shot(page, `try-on-glasses-black-${size}`);

      // The snapshot is the composited picture (camera + glasses), saved as a JPEG at the camera's size.
      const download = page.waitForEvent('download');
      await page.getByTestId('try-on-snapshot').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('try-on-aviator-sunglasses.jpg');
      const saved = await sharp(await file.path()).metadata();
      expect(saved).toMatchObject({ format: 'jpeg', width: fakeCameraSize.width, height: fakeCameraSize.height });

      // Closing releases the camera: its one track has ended.
      await page.getByTestId('try-on-close').click();
      await expect(stage).toHaveCount(0);
      await expect
        .poll(async () => {
          const states = await page.evaluate(() => (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams.flatMap((m) => m.getTracks()).map((t) => t.readyState));
          return states.length > 0 && states.every((state) => state === 'ended');
        }, { message: 'every camera track the try-on opened has ended' })
        .toBe(true);
    } finally {
      await context.close();
    }
  });
}

/** How many pixels a try-on drew: the 3D overlay's, or the lipstick layer's. */
async function inkPixels(page: Page) {
  return page.getByTestId('try-on-stage').evaluate((stage: HTMLElement) => {
    const layer = stage.querySelector('canvas') as HTMLCanvasElement | null;
    if (!layer || layer.width === 0) return 0;
    const c = document.createElement('canvas');
    c.width = layer.width;
    c.height = layer.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(layer, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! >= 64) n++;
    return n;
  });
}

// Every other anchor once: the body part is found and the product drawn on it (screenshots looked at).
// minInk: pixels drawn at least (the pearls are about 6 × 12 px each at this size).
const tour = [
  { productId: 'baseball-cap', fixture: 'astronaut.png', minInk: 2000 },
  { productId: 'bucket-hat', fixture: 'astronaut.png', minInk: 2000 },
  { productId: 'pearl-earrings', fixture: 'astronaut.png', minInk: 40 },
  { productId: 'velvet-lipstick', fixture: 'astronaut.png', minInk: 150 },
  { productId: 'pendant-necklace', fixture: 'astronaut.png', minInk: 150 },
  { productId: 'field-watch', fixture: 'hand-open-palm.png', minInk: 300 },
  { productId: 'signet-ring', fixture: 'hand-open-palm.png', minInk: 40 },
] as const;

for (const { productId, fixture, minInk } of tour) {
  test(`${productId} is found and drawn on the ${fixture === 'astronaut.png' ? 'portrait' : 'hand'}`, async ({ browser }) => {
    // The hand picture needs its own browser: the fake camera file is per browser.
    const own = fixture === 'astronaut.png' ? null : await chromium.launch({ executablePath: chromiumPath, args: chromiumArgsWithCamera(fakeCameraClip(fixture)) });
    const context = await (own ?? browser).newContext({ viewport: viewports.laptop });
    try {
      const page = await context.newPage();
      await page.goto(`/products/${productId}`);
      await page.getByTestId('try-on-open').click();
      const stage = page.getByTestId('try-on-stage');
      await expect(stage).toHaveAttribute('data-phase', 'tracking', { timeout: 110_000 });
      await expect(stage).toHaveAttribute('data-found', 'true');
      // The fixture is a right hand, palm to the camera: the watch face and the signet turn away from it.
      if (fixture !== 'astronaut.png') await expect(stage).toHaveAttribute('data-hand', 'right');
      await expect.poll(() => inkPixels(page), { message: `${productId} draws something` }).toBeGreaterThan(minInk);
      await shot(page, `try-on-${productId}`);
    } finally {
      await context.close();
      await own?.close();
    }
  });
}

test('camera denied: the try-on says so and how to fix it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: viewports.phone });
  try {
    // As when the user (or a site setting) blocks the camera: getUserMedia rejects with NotAllowedError.
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const page = await context.newPage();
    await page.goto('/products/round-glasses');
    await page.getByTestId('try-on-open').click();
    const stage = page.getByTestId('try-on-stage');
    await expect(stage).toHaveAttribute('data-problem', 'denied');
    await expect(page.getByTestId('try-on-status')).toContainText('Camera access was blocked. Allow the camera for this site');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await shot(page, 'try-on-denied-phone');
  } finally {
    await context.close();
  }
});

test('during a live show the viewer tries earrings on while the host video keeps playing with sound', async ({ browser }) => {
  // Not the eyewear show: every spec shares one server, and the live-stage spec ends that show.
  const showId = 'show-gift-ideas';
  const productId = 'pearl-earrings';
  const { context: hostContext, page: host } = await hostGoesLive(browser, showId);
  const viewerContext = await browser.newContext({ viewport: viewports.laptop });
  try {
    const viewer = await viewerContext.newPage();
    await viewer.goto(`/shows/${showId}`);
    await expect(viewer.getByTestId('stage-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    const video = viewer.getByTestId('stage-video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    await viewer.getByTestId('unmute').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);

    const pinButton = host.locator(`[data-testid="pin-button"][data-product-id="${productId}"]`);
    if ((await pinButton.getAttribute('aria-pressed')) !== 'true') await pinButton.click();
    await viewer.locator(`[data-testid="pinned-card"][data-product-id="${productId}"]`).first().click();
    await viewer.getByTestId('product-sheet').getByTestId('try-on-open').click();
    const stage = viewer.getByTestId('try-on-stage');
    await expect(stage).toHaveAttribute('data-phase', 'tracking', { timeout: 90_000 });
    await expect(stage).toHaveAttribute('data-found', 'true');

    const before = await video.evaluate((v: HTMLVideoElement) => ({ paused: v.paused, muted: v.muted, time: v.currentTime }));
    expect(before).toMatchObject({ paused: false, muted: false });
    await viewer.waitForTimeout(1500);
    const after = await video.evaluate((v: HTMLVideoElement) => ({ paused: v.paused, muted: v.muted, time: v.currentTime }));
    expect(after).toMatchObject({ paused: false, muted: false });
    expect(after.time).toBeGreaterThan(before.time + 0.5);
    await shot(viewer, 'try-on-live-laptop');

    // On a phone the try-on comes up over the lower part of the video, which still plays.
    await viewer.setViewportSize(viewports.phone);
    await expect(viewer.getByTestId('try-on')).toHaveAttribute('role', 'dialog');
    await expect(stage).toHaveAttribute('data-phase', 'tracking', { timeout: 90_000 });
    const phoneBefore = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await viewer.waitForTimeout(1000);
    expect(await video.evaluate((v: HTMLVideoElement) => ({ paused: v.paused, muted: v.muted }))).toEqual({ paused: false, muted: false });
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(phoneBefore + 0.3);
    await shot(viewer, 'try-on-live-phone');
  } finally {
    await viewerContext.close();
    await hostContext.close();
  }
});
