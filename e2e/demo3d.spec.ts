// The host-driven 3D demo in a live show, end to end: the host opens a product's model in the
// studio and turns it; the viewer's model opens by itself and its camera follows the host's within
// a millimetre; a drag breaks away (the host turns on, the viewer's camera stays), "Follow host"
// rejoins; a viewer who arrives late sees the current demo at once.
import { expect, test, type Page } from '@playwright/test';
import { hostGoesLive, shot, viewports } from './support';

const showId = 'show-summer-eyewear';
const productId = 'aviator-sunglasses';
/** How close the viewer's camera must come to the host's: one millimetre, in model space (metres). */
const toleranceMetres = 0.001;

test.use({ locale: 'en-US' });
test.setTimeout(240_000);

const probeScript = () => {
  (window as unknown as { __viewer3dProbe: unknown }).__viewer3dProbe = { renders: 0, frames: 0, viewers: {} };
};

interface CameraReading {
  position: number[];
  target: number[];
  variantId: string | null;
  hotspot: string | null;
  mode: string;
}

/** The camera and state of the page's viewer `purpose` (studio or live), from the viewer's probe. */
const reading = (page: Page, purpose: string) =>
  page.evaluate((p) => {
    type Entry = { viewer: { pose: { position: number[]; target: number[] }; store: { getState(): { variantId: string | null; hotspot: string | null; mode: string } } } };
    const entry = (window as unknown as { __viewer3dProbe: { viewers: Record<string, Entry | undefined> } }).__viewer3dProbe.viewers[p];
    if (!entry) return null;
    const s = entry.viewer.store.getState();
    return { position: [...entry.viewer.pose.position], target: [...entry.viewer.pose.target], variantId: s.variantId, hotspot: s.hotspot, mode: s.mode } satisfies CameraReading;
  }, purpose);

const gap = (a: CameraReading | null, b: CameraReading | null) =>
  a && b ? Math.max(Math.hypot(...a.position.map((x, i) => x - b.position[i]!)), Math.hypot(...a.target.map((x, i) => x - b.target[i]!))) : Infinity;

test('the host turns the model and every viewer follows; a viewer breaks away and rejoins', async ({ browser }) => {
  const { context: hostContext, page: host } = await hostGoesLive(browser, showId);
  const viewerContext = await browser.newContext({ viewport: viewports.phone });
  const lateContext = await browser.newContext({ viewport: viewports.laptop });
  try {
    await host.evaluate(probeScript);
    const viewer = await viewerContext.newPage();
    await viewer.addInitScript(probeScript);
    await viewer.goto(`/shows/${showId}`);
    await expect(viewer.getByTestId('stage-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(viewer.getByTestId('live-model')).toHaveCount(0);

    // The host opens the model from the show's lineup.
    await host.locator(`[data-testid="host-demo-open"][data-product-id="${productId}"]`).click();
    const studioViewer = host.locator('[data-testid="viewer3d"][data-purpose="studio"]');
    await expect(studioViewer).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });

    // The viewer's panel opens by itself over the video, following the host.
    const panel = viewer.getByTestId('live-model');
    await expect(panel).toBeVisible({ timeout: 20_000 });
    const liveViewer = panel.locator('[data-testid="viewer3d"][data-purpose="live"]');
    await expect(liveViewer).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(panel.getByTestId('viewer3d-following')).toBeVisible();

    // Both start at the manifest's framing.
    await expect.poll(async () => gap(await reading(viewer, 'live'), await reading(host, 'studio')), { timeout: 15_000 }).toBeLessThan(toleranceMetres);
    const framing = await reading(viewer, 'live');

    // The host turns and zooms with the keyboard; the viewer's camera arrives at the host's.
    await studioViewer.getByRole('group').focus();
    for (let i = 0; i < 6; i++) await host.keyboard.press('ArrowRight');
    await host.keyboard.press('ArrowUp');
    await host.keyboard.press('+');
    const turned = await reading(host, 'studio');
    expect(gap(turned, framing)).toBeGreaterThan(0.05);
    await expect.poll(async () => gap(await reading(viewer, 'live'), await reading(host, 'studio')), { message: 'the viewer follows the host', timeout: 15_000 }).toBeLessThan(toleranceMetres);

    // Variant and hotspot follow too.
    await host.locator('.host-demo [data-testid="variant-option"][data-variant-id="aviator-sunglasses-black"]').click();
    await expect
      .poll(async () => (await reading(viewer, 'live'))?.variantId, { message: `the variant follows: ${JSON.stringify(await reading(viewer, 'live'))} vs ${JSON.stringify(await reading(host, 'studio'))}` })
      .toBe('aviator-sunglasses-black');
    // One that faces the camera after the turn (those facing away let clicks through).
    await studioViewer.locator('[data-testid="hotspot"]:not(.viewer3d__hotspot--away)').first().click({ timeout: 10_000 });
    await expect(panel.getByTestId('hotspot-text')).toBeVisible();
    await shot(viewer, 'demo3d-viewer-phone-following');
    await shot(host, 'demo3d-studio-laptop');

    // A viewer who arrives late gets the current demo at once, on a laptop in the side panel.
    const late = await lateContext.newPage();
    await late.addInitScript(probeScript);
    await late.goto(`/shows/${showId}`);
    const lateViewer = late.locator('[data-testid="viewer3d"][data-purpose="live"]');
    await expect(lateViewer).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect
      .poll(async () => gap(await reading(late, 'live'), await reading(host, 'studio')), { timeout: 15_000, message: `the late viewer catches up: ${JSON.stringify(await reading(late, 'live'))} vs ${JSON.stringify(await reading(host, 'studio'))}` })
      .toBeLessThan(toleranceMetres);
    await expect.poll(async () => (await reading(late, 'live'))?.variantId).toBe('aviator-sunglasses-black');
    await shot(late, 'demo3d-viewer-laptop-late');

    // The viewer drags: it breaks away; the host turns on, the viewer's camera stays where it was dragged.
    const canvas = liveViewer.locator('canvas');
    const box = (await canvas.boundingBox())!;
    await viewer.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await viewer.mouse.down();
    for (let i = 1; i <= 20; i++) await viewer.mouse.move(box.x + box.width * (0.3 + i * 0.02), box.y + box.height * 0.5);
    await viewer.mouse.up();
    await expect(panel.getByTestId('viewer3d-follow')).toBeVisible();
    expect((await reading(viewer, 'live'))?.mode).toBe('free');
    // Let the drag's damping settle (frames are slow in SwiftShader) before taking the viewer's own pose.
    let settled = await reading(viewer, 'live');
    await expect
      .poll(async () => {
        const now = await reading(viewer, 'live');
        const moved = gap(now, settled);
        settled = now;
        return moved;
      }, { intervals: [500], timeout: 30_000 })
      .toBeLessThan(1e-5);
    const own = settled;
    for (let i = 0; i < 6; i++) await host.keyboard.press('ArrowLeft');
    await expect.poll(async () => gap(await reading(late, 'live'), await reading(host, 'studio')), { message: 'the late viewer still follows', timeout: 15_000 }).toBeLessThan(toleranceMetres);
    const stayed = await reading(viewer, 'live');
    expect(gap(stayed, own)).toBeLessThan(toleranceMetres);
    expect(gap(stayed, await reading(host, 'studio'))).toBeGreaterThan(0.01);
    await shot(viewer, 'demo3d-viewer-phone-exploring');

    // "Follow host": back on the host's camera.
    await panel.getByTestId('viewer3d-follow').click();
    await expect(panel.getByTestId('viewer3d-following')).toBeVisible();
    await expect.poll(async () => gap(await reading(viewer, 'live'), await reading(host, 'studio')), { message: 'the viewer rejoins the host', timeout: 15_000 }).toBeLessThan(toleranceMetres);

    // The host ends the demo: the viewers' panels close.
    await studioViewer.getByTestId('host-demo-stop').click();
    await expect(panel).toHaveCount(0, { timeout: 15_000 });
    await expect(late.getByTestId('live-model')).toHaveCount(0, { timeout: 15_000 });
  } finally {
    await lateContext.close();
    await viewerContext.close();
    await hostContext.close();
  }
});

test('a viewer opens a pinned product in 3D over the video and explores it alone', async ({ browser }) => {
  const { context: hostContext, page: host } = await hostGoesLive(browser, showId);
  const viewerContext = await browser.newContext({ viewport: viewports.phone });
  try {
    const viewer = await viewerContext.newPage();
    await viewer.addInitScript(probeScript);
    await viewer.goto(`/shows/${showId}`);
    await expect(viewer.getByTestId('stage-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const pinButton = host.locator(`[data-testid="pin-button"][data-product-id="${productId}"]`);
    await pinButton.click();
    await expect(pinButton).toHaveAttribute('aria-pressed', 'true');
    await viewer.locator(`[data-testid="pinned-card"][data-product-id="${productId}"]`).click();
    await viewer.getByTestId('product-sheet').getByTestId('sheet-view-3d').click();
    // On a phone the sheet gives way to the panel; the video stays.
    await expect(viewer.getByTestId('product-sheet')).toHaveCount(0);
    const panel = viewer.getByTestId('live-model');
    await expect(panel.locator('[data-testid="viewer3d"][data-purpose="live"]')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(viewer.getByTestId('stage-video')).toBeVisible();
    // No demo is on: nothing to follow, the viewer's own controls.
    await expect(panel.getByTestId('viewer3d-follow')).toHaveCount(0);
    await expect(panel.getByTestId('viewer3d-following')).toHaveCount(0);
    expect((await reading(viewer, 'live'))?.mode).toBe('free');
    await shot(viewer, 'demo3d-viewer-phone-own-3d');
    await panel.getByTestId('live-model-close').click();
    await expect(panel).toHaveCount(0);
    // Every spec shares one server: leave the show unpinned, as the next spec expects to find it.
    await pinButton.click();
    await expect(pinButton).toHaveAttribute('aria-pressed', 'false');
  } finally {
    await viewerContext.close();
    await hostContext.close();
  }
});
