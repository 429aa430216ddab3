// The shop's product pictures are the posters rendered from the 3D models (models/posters.ts):
// every card on the storefront shows its product's poster, loaded, at both screen sizes.
import { expect, test } from '@playwright/test';
import { shot, viewports } from './support';

for (const [name, viewport] of Object.entries(viewports)) {
  test(`the storefront shows each product's poster rendered from its model (${name})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    const cards = page.getByTestId('product-card');
    await expect(cards.first()).toBeVisible();
    // The first page of the catalog (12 of the 14 products).
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(12);
    const images = await cards.evaluateAll((els) =>
      els.map((el) => {
        const img = el.querySelector('img')!;
        img.loading = 'eager';
        return { id: el.getAttribute('data-product-id'), src: new URL(img.src).pathname };
      }),
    );
    for (const { id, src } of images) expect(src).toBe(`/products/${id}.webp`);
    // Every poster decodes at its rendered size (lazy images were switched to eager above).
    await expect
      .poll(() => cards.evaluateAll((els) => els.map((el) => el.querySelector('img')!).filter((img) => img.complete && img.naturalWidth === 800).length), { timeout: 20_000 })
      .toBe(count);
    // Decoded and painted before the screenshot (the cards decode asynchronously).
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))));
    await shot(page, `product-posters-${name}`);
    await context.close();
  });
}
