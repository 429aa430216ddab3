// "Look at this" in 3D, end to end with two friends in a co-shopping room: A shares a product and
// turns its model with the keyboard, and B's camera follows A's within a millimetre; then B drags,
// B leads, and A's camera follows B's. Each page's camera is read from the viewer's probe.
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { freshShow, shot, viewports } from './support';

// Other browsers share this 2-core machine: a server round trip may take seconds.
const expect = baseExpect.configure({ timeout: 20_000 });

const productId = 'aviator-sunglasses';
/** How close a follower's camera must come to the leader's: one millimetre, in model space (metres). */
const toleranceMetres = 0.001;

test.use({ locale: 'en-US' });
test.setTimeout(240_000);

const probeScript = () => {
  (window as unknown as { __viewer3dProbe: unknown }).__viewer3dProbe = { renders: 0, frames: 0, viewers: {} };
};

interface CameraReading {
  position: number[];
  target: number[];
  mode: string;
}

/** The camera of the room's 3D viewer on this page. */
const reading = (page: Page) =>
  page.evaluate(() => {
    type Entry = { viewer: { pose: { position: number[]; target: number[] }; store: { getState(): { mode: string } } } };
    const entry = (window as unknown as { __viewer3dProbe: { viewers: Record<string, Entry | undefined> } }).__viewer3dProbe.viewers.room;
    if (!entry) return null;
    return { position: [...entry.viewer.pose.position], target: [...entry.viewer.pose.target], mode: entry.viewer.store.getState().mode } satisfies CameraReading;
  });

/** React renders of the viewer's components and frames drawn, so far. */
const probeCounts = (page: Page) =>
  page.evaluate(() => {
    const probe = (window as unknown as { __viewer3dProbe: { renders: number; frames: number } }).__viewer3dProbe;
    return { renders: probe.renders, frames: probe.frames };
  });

const gap = (a: CameraReading | null, b: CameraReading | null) =>
  a && b ? Math.max(Math.hypot(...a.position.map((x, i) => x - b.position[i]!)), Math.hypot(...a.target.map((x, i) => x - b.target[i]!))) : Infinity;

async function friend(browser: Browser, viewport: { width: number; height: number }, name: string) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[${name}] ${message.text()}`);
  });
  await page.addInitScript(probeScript);
  return { context, page };
}

/**
 * Waits until the camera stops moving (the drag's damping, the follower's easing): no movement over
 * three polls in a row, 1.5 s. Frames are slow in SwiftShader, and a single still pair of readings can
 * fall between two frames of a damping that is not over yet.
 */
async function settled(page: Page): Promise<CameraReading | null> {
  let last = await reading(page);
  let still = 0;
  await expect
    .poll(
      async () => {
        const now = await reading(page);
        still = gap(now, last) < 1e-5 ? still + 1 : 0;
        last = now;
        return still;
      },
      { intervals: [500], timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(3);
  return last;
}

test('the sharer leads the 3D view of a shared product; a friend who drags leads from then on', async ({ browser }) => {
  // A show of its own (a room is made from a show that has not ended), with the product to share.
  const showId = await freshShow(browser, 'Look at this e2e', [productId, 'round-glasses']);
  const a = await friend(browser, viewports.laptop, 'A');
  const b = await friend(browser, viewports.phone, 'B');
  try {
    // A makes a room from the show's page; B joins by the invite link.
    await a.page.goto(`/shows/${showId}`);
    await a.page.getByTestId('create-room').click();
    await a.page.getByTestId('room-name-input').fill('Aiko');
    await a.page.getByTestId('room-name-submit').click();
    await expect(a.page.getByTestId('room-page')).toBeVisible({ timeout: 20_000 });
    await a.page.getByTestId('room-tab-people').click();
    const link = await a.page.getByTestId('invite-link').inputValue();
    await b.page.goto(link);
    await b.page.getByTestId('room-name-input').fill('Ben');
    await b.page.getByTestId('room-name-submit').click();
    await expect(b.page.getByTestId('room-page')).toBeVisible();
    await expect(a.page.getByTestId('room-member')).toHaveCount(2, { timeout: 20_000 });

    // A opens the product: a 3D view of their own, nobody follows yet.
    await a.page.getByTestId('room-tab-products').click();
    await a.page.locator(`[data-testid="room-product-row"][data-product-id="${productId}"]`).click();
    const aPanel = a.page.getByTestId('room-product');
    const aViewer = aPanel.locator('[data-testid="viewer3d"][data-purpose="room"]');
    await expect(aViewer).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(aPanel.getByTestId('viewer3d-room-role')).toHaveCount(0);

    // A shares it: it opens for B, whose view follows A's.
    await aPanel.getByTestId('room-look-at-this').click();
    await expect(aPanel.getByTestId('viewer3d-room-role')).toHaveAttribute('data-role', 'lead');
    const bPanel = b.page.getByTestId('room-product');
    await expect(bPanel).toHaveAttribute('data-product-id', productId, { timeout: 10_000 });
    const bViewer = bPanel.locator('[data-testid="viewer3d"][data-purpose="room"]');
    await expect(bViewer).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(bPanel.getByTestId('viewer3d-room-role')).toHaveAttribute('data-role', 'follow');

    // A turns and zooms with the keyboard; B's camera arrives at A's, drawing frames without React renders.
    const framing = await reading(a.page);
    const bBefore = await probeCounts(b.page);
    await aViewer.getByRole('group').focus();
    for (let i = 0; i < 6; i++) await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('ArrowUp');
    await a.page.keyboard.press('+');
    const turned = await settled(a.page);
    expect(gap(turned, framing)).toBeGreaterThan(0.05);
    await expect
      .poll(async () => gap(await reading(b.page), await reading(a.page)), { message: `B follows A: ${JSON.stringify(await reading(b.page))} vs ${JSON.stringify(turned)}`, timeout: 15_000 })
      .toBeLessThan(toleranceMetres);
    expect((await reading(b.page))?.mode).toBe('follow');
    const bAfter = await probeCounts(b.page);
    expect(bAfter.frames - bBefore.frames, 'B draws the followed camera').toBeGreaterThan(4);
    expect(bAfter.renders - bBefore.renders, 'following renders no React component per frame').toBeLessThanOrEqual(2);
    await shot(a.page, 'room-look3d-laptop-leading');
    await shot(b.page, 'room-look3d-phone-following');

    // B drags: B leads, A's view stops being A's and follows B's.
    await bViewer.scrollIntoViewIfNeeded();
    const box = (await bViewer.locator('canvas').boundingBox())!;
    await b.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await b.page.mouse.down();
    for (let i = 1; i <= 20; i++) await b.page.mouse.move(box.x + box.width * (0.3 + i * 0.02), box.y + box.height * 0.5);
    await b.page.mouse.up();
    await expect(bPanel.getByTestId('viewer3d-room-role')).toHaveAttribute('data-role', 'lead');
    await expect(aPanel.getByTestId('viewer3d-room-role')).toHaveAttribute('data-role', 'follow');
    const dragged = await settled(b.page);
    expect(gap(dragged, turned)).toBeGreaterThan(0.02);
    await expect
      .poll(async () => gap(await reading(a.page), await reading(b.page)), { message: `A follows B: ${JSON.stringify(await reading(a.page))} vs ${JSON.stringify(dragged)}`, timeout: 15_000 })
      .toBeLessThan(toleranceMetres);
    // Nobody fights over it: once both rest, they stay where B left the view.
    await settled(a.page);
    expect(gap(await reading(b.page), dragged)).toBeLessThan(toleranceMetres);
    await shot(a.page, 'room-look3d-laptop-following');
    await shot(b.page, 'room-look3d-phone-leading');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
