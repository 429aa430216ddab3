// The 3D product viewer on the product page, in Debian's Chromium with SwiftShader's WebGL: the
// canvas shows a lit model (pixels counted), a variant switch changes its pixels, hotspots open
// their text, orbiting renders no React component, and where WebGL or immersive-ar is missing the
// page says so or hides the button.
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { shot, viewports } from './support';

const productId = 'aviator-sunglasses';

test.use({ locale: 'en-US' });
// SwiftShader draws slowly on a busy machine; every wait below is on the page's state, not a clock.
test.setTimeout(180_000);

/** Turns on the viewer's measuring point (client/features/viewer3d/probe.ts) before the app starts. */
async function withProbe(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { __viewer3dProbe: unknown }).__viewer3dProbe = { renders: 0, frames: 0, viewers: {} };
  });
}

const probe = (page: Page) =>
  page.evaluate(() => {
    const p = (window as unknown as { __viewer3dProbe: { renders: number; frames: number; viewers: Record<string, { camera: { position: { toArray(): number[] } } | null }> } }).__viewer3dProbe;
    return { renders: p.renders, frames: p.frames, camera: p.viewers.product?.camera?.position.toArray() ?? null };
  });

/** The canvas as RGB pixels, from a screenshot (what the user sees, composited). */
async function canvasPixels(canvas: Locator): Promise<{ data: Buffer; width: number; height: number }> {
  const png = await canvas.screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Share of pixels that differ from the backdrop (the colour just inside the top edge's middle) by more than a faint shade. */
function modelCoverage({ data, width, height }: { data: Buffer; width: number; height: number }): number {
  const backdrop = (4 * width + Math.floor(width / 2)) * 3;
  const [r0, g0, b0] = [data[backdrop]!, data[backdrop + 1]!, data[backdrop + 2]!];
  let differing = 0;
  for (let i = 0; i < width * height * 3; i += 3) {
    if (Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0) > 30) differing++;
  }
  return differing / (width * height);
}

/** Share of pixels that changed between two shots of the same canvas. */
function changedShare(a: { data: Buffer }, b: { data: Buffer; width: number; height: number }): number {
  let changed = 0;
  for (let i = 0; i < b.width * b.height * 3; i += 3) {
    if (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!) > 30) changed++;
  }
  return changed / (b.width * b.height);
}

for (const [name, viewport] of Object.entries(viewports)) {
  test(`the product page shows a lit 3D model that a variant recolours (${name})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await withProbe(page);
    try {
      await page.goto(`/products/${productId}`);
      const viewer = page.locator('[data-testid="viewer3d"][data-purpose="product"]');
      // The poster stands in first, then the model's first frame replaces it.
      await expect(viewer).toHaveAttribute('data-phase', 'ready', { timeout: 90_000 });
      await expect(viewer.getByTestId('viewer3d-poster')).toHaveCount(0);
      await expect(viewer.getByRole('group', { name: /Aviator sunglasses/ })).toBeVisible();
      const canvas = viewer.locator('canvas');
      await expect(canvas).toBeVisible();

      const before = await canvasPixels(canvas);
      const coverage = modelCoverage(before);
      // Not blank: the model (and its shadow) cover a real part of the canvas, but not all of it.
      expect(coverage).toBeGreaterThan(0.02);
      expect(coverage).toBeLessThan(0.9);
      await shot(page, `viewer3d-product-${name}`);

      // Gold → black: the frame's pixels change; the variant picker says so too.
      const black = page.locator('[data-testid="variant-option"][data-variant-id="aviator-sunglasses-black"]');
      await black.click();
      await expect(black).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(async () => changedShare(before, await canvasPixels(canvas)), { message: 'the variant recolours the model' }).toBeGreaterThan(0.005);
      await shot(page, `viewer3d-product-${name}-black`);

      // A hotspot opens its text; the keyboard orbits; orbiting renders no React component.
      await viewer.getByTestId('hotspot').first().click();
      await expect(viewer.getByTestId('hotspot-text')).toBeVisible();
      await expect(viewer.getByTestId('hotspot-text')).not.toBeEmpty();
      await shot(page, `viewer3d-product-${name}-hotspot`);

      // The note covers the lower stage on a phone: close it, and bring the whole canvas into view.
      await viewer.getByRole('button', { name: 'Close detail' }).click();
      await expect(viewer.getByTestId('hotspot-text')).toHaveCount(0);
      await canvas.scrollIntoViewIfNeeded();
      const start = await probe(page);
      const box = (await canvas.boundingBox())!;
      // Low on the stage, clear of the hotspot buttons (they take their own clicks).
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.88);
      await page.mouse.down();
      for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.015), box.y + box.height * (0.88 - i * 0.003));
      await page.mouse.up();
      await expect.poll(async () => (await probe(page)).frames - start.frames).toBeGreaterThan(10);
      const afterDrag = await probe(page);
      expect(afterDrag.camera).not.toEqual(start.camera);
      expect(afterDrag.renders - start.renders).toBe(0);

      await viewer.getByRole('group', { name: /Aviator sunglasses/ }).focus();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('+');
      const afterKeys = await probe(page);
      expect(afterKeys.camera).not.toEqual(afterDrag.camera);
      expect(afterKeys.renders - start.renders).toBe(0);

      // Reset eases back to the manifest's framing.
      await viewer.getByTestId('viewer3d-reset').click();
      const manifest = (await (await page.request.get('/models/manifest.json')).json()) as { models: { productId: string; camera: { position: number[] } }[] };
      const framing = manifest.models.find((m) => m.productId === productId)!.camera.position;
      await expect.poll(async () => distance((await probe(page)).camera!, framing)).toBeLessThan(0.001);

      // No WebXR in headless Chromium: no "View in your room".
      await expect(viewer.getByTestId('viewer3d-ar')).toHaveCount(0);

      // The photos are one click away.
      await page.getByTestId('media-photos').click();
      await expect(page.locator('.gallery__main img')).toBeVisible();
    } finally {
      await context.close();
    }
  });
}

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

test('without WebGL the product page shows the poster and says why', async ({ browser }) => {
  const context = await browser.newContext({ viewport: viewports.phone });
  const page = await context.newPage();
  // A browser with WebGL switched off answers null for both context types.
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      if (type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl') return null;
      return (original as (...args: unknown[]) => unknown).call(this, type, ...rest);
    } as typeof original;
  });
  try {
    await page.goto(`/products/${productId}`);
    const viewer = page.locator('[data-testid="viewer3d"][data-purpose="product"]');
    await expect(viewer).toHaveAttribute('data-phase', 'no-webgl', { timeout: 20_000 });
    await expect(viewer.getByTestId('viewer3d-poster').locator('img')).toBeVisible();
    await expect(viewer.getByTestId('viewer3d-problem')).toContainText('WebGL');
    await expect(viewer.locator('canvas')).toHaveCount(0);
    await shot(page, 'viewer3d-no-webgl-phone');
  } finally {
    await context.close();
  }
});

test('"View in your room" appears only where immersive-ar is supported', async ({ browser }) => {
  const context = await browser.newContext({ viewport: viewports.laptop });
  const page = await context.newPage();
  // A browser that reports immersive-ar support (as Chrome on an ARCore phone does).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'xr', { value: { isSessionSupported: (mode: string) => Promise.resolve(mode === 'immersive-ar') }, configurable: true });
  });
  try {
    await page.goto(`/products/${productId}`);
    const viewer = page.locator('[data-testid="viewer3d"][data-purpose="product"]');
    await expect(viewer).toHaveAttribute('data-phase', 'ready', { timeout: 90_000 });
    await expect(viewer.getByTestId('viewer3d-ar')).toBeVisible();
    await expect(viewer.getByTestId('viewer3d-ar')).toHaveText('View in your room');
  } finally {
    await context.close();
  }
});
