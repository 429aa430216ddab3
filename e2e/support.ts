// What the e2e specs (and the live benchmark's browser part) share: Chromium's flags, the two
// screen sizes, screenshots, and a host who signs in and goes live in the studio.
import { expect, type Browser, type Page } from '@playwright/test';

/** Debian's Chromium, headless, with a fake camera and microphone (DESIGN.md §6). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export const viewports = { phone: { width: 390, height: 844 }, laptop: { width: 1440, height: 900 } };

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/shots/${name}.png`, fullPage: false });
}

export const demoHost = { email: 'host@live-shop.local', password: 'live-shop-demo' };

/** The demo host signs in on a laptop-sized context, opens the studio, sees the camera and goes live. */
export async function hostGoesLive(browser: Browser, showId: string) {
  const context = await browser.newContext({ viewport: viewports.laptop });
  const page = await context.newPage();
  const login = await page.request.post('/api/auth/login', { data: demoHost });
  expect(login.status()).toBe(200);
  await page.goto(`/studio/${showId}`);
  const preview = page.getByTestId('studio-preview');
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'the camera preview plays' }).toBeGreaterThan(0);
  await expect(page.getByTestId('camera-select')).not.toBeEmpty();
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('stage-state')).toHaveAttribute('data-state', 'live');
  return { context, page };
}

/**
 * A show of the spec's own, scheduled in an hour with these products: the seeded shows are shared
 * by every spec on one server, and one spec ending or pinning them must not change what the next
 * one finds. Returns the new show's id.
 */
export async function freshShow(browser: Browser, title: string, productIds: string[]): Promise<string> {
  const context = await browser.newContext();
  try {
    const login = await context.request.post('/api/auth/login', { data: demoHost });
    expect(login.status()).toBe(200);
    const created = await context.request.post('/api/shows', {
      data: {
        title: { ja: title, en: title },
        cover: `/products/${productIds[0]}.webp`,
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
        productIds,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    return ((await created.json()) as { id: string }).id;
  } finally {
    await context.close();
  }
}
