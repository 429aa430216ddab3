// Selling during a live show, end to end with two browser contexts: the host pins a product and
// starts a flash deal from the studio; the viewer shops the pinned card without leaving the video,
// and both screens count the deal down to the same moment.
import { expect, test } from '@playwright/test';
import { hostGoesLive, shot, viewports } from './support';

const showId = 'show-summer-eyewear';
const productId = 'aviator-sunglasses';

test.use({ locale: 'en-US' });


/** "1:05" → 65. */
const seconds = (text: string | null) => {
  const [m, s] = (text ?? '').split(':').map(Number);
  return (m ?? NaN) * 60 + (s ?? NaN);
};

test('the host pins a product and starts a deal; the viewer shops it without leaving the video', async ({ browser }) => {
  const { context: hostContext, page: host } = await hostGoesLive(browser, showId);
  const viewerContext = await browser.newContext({ viewport: viewports.phone });
  try {

    // The viewer has an account with a saved address and card, for one-tap deals: the card is kept
    // from an earlier demo payment, as a shopper would save it.
    const viewer = await viewerContext.newPage();
    const api = viewer.request;
    expect((await api.post('/api/auth/register', { data: { email: `viewer-${Date.now()}@example.com`, password: 'viewer-password', displayName: 'Mika Tanaka' } })).status()).toBe(201);
    const savedAddress = { name: 'Mika Tanaka', postalCode: '100-0001', region: 'Tokyo', city: 'Chiyoda', line1: '1-1', phone: '0312345678' };
    expect((await api.put('/api/account/address', { data: savedAddress })).status()).toBe(200);
    const earlier = await api.post('/api/checkout', { data: { items: [{ variantId: 'aviator-sunglasses-black', quantity: 1 }], useSavedAddress: true }, headers: { 'Idempotency-Key': `e2e-${Date.now()}` } });
    expect(earlier.status()).toBe(201);
    const { order } = (await earlier.json()) as { order: { id: string } };
    const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', name: 'Mika Tanaka' };
    const paid = await api.post('/api/payments/demo/confirm', { data: { orderId: order.id, card, saveCard: true } });
    expect(await paid.json()).toMatchObject({ status: 'paid' });

    await viewer.goto(`/shows/${showId}`);
    const video = viewer.getByTestId('stage-video');
    await expect(viewer.getByTestId('stage-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);

    // Pin from the run-sheet: the button says so at once, the viewer's card appears.
    const pinButton = host.locator(`[data-testid="pin-button"][data-product-id="${productId}"]`);
    await expect(pinButton).toHaveAttribute('aria-pressed', 'false');
    await pinButton.click();
    await expect(pinButton).toHaveAttribute('aria-pressed', 'true');
    const pinnedCard = viewer.locator(`[data-testid="pinned-card"][data-product-id="${productId}"]`);
    await expect(pinnedCard).toBeVisible();

    // Shop from the card: a sheet over the video, a variant, add to cart; the show never leaves.
    const showUrl = viewer.url();
    await pinnedCard.click();
    const sheet = viewer.getByTestId('product-sheet');
    await expect(sheet).toBeVisible();
    await sheet.locator('[data-testid="variant-option"][data-variant-id="aviator-sunglasses-silver"]').click();
    await expect(sheet.locator('[data-variant-id="aviator-sunglasses-silver"]')).toHaveAttribute('aria-pressed', 'true');
    await shot(viewer, 'live-selling-phone-viewer-sheet');
    await sheet.getByTestId('sheet-add-to-cart').click();
    await expect(viewer.getByTestId('cart-count')).toHaveText('1');
    expect(viewer.url()).toBe(showUrl);
    await expect(video).toBeAttached();
    const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement, since) => !v.paused && v.currentTime > since + 0.3, t0), { message: 'the video keeps playing' }).toBe(true);
    await sheet.getByRole('button', { name: 'Close' }).click();
    await expect(sheet).toBeHidden();

    // A 60 s deal on the gold variant: both screens count down to the same end.
    await host.locator(`[data-testid="open-deal-form"][data-product-id="${productId}"]`).click();
    const form = host.locator(`[data-testid="deal-form"][data-product-id="${productId}"]`);
    await form.locator('select[name="variantId"]').selectOption('aviator-sunglasses-gold');
    await form.locator('input[name="price"]').fill('9800');
    await form.locator('input[name="quantity"]').fill('5');
    await form.locator('input[name="durationSeconds"]').fill('60');
    await form.locator('input[name="perBuyerLimit"]').fill('1');
    await form.getByTestId('start-deal').click();
    await expect(form).toBeHidden();

    const hostCountdown = host.getByTestId('deal-countdown');
    const viewerCountdown = viewer.getByTestId('deal-countdown');
    await expect(viewer.getByTestId('deal-banner')).toBeVisible();
    await expect(hostCountdown).toHaveText(/^\d+:\d\d$/);
    await expect(viewerCountdown).toHaveText(/^\d+:\d\d$/);
    const endsAt = await hostCountdown.getAttribute('data-ends-at');
    expect(endsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(viewerCountdown).toHaveAttribute('data-ends-at', endsAt!);
    await expect(viewer.getByTestId('deal-remaining')).toHaveText('5 of 5 left');
    await expect(host.getByTestId('deal-remaining')).toHaveText('5 of 5 left');
    const first = seconds(await viewerCountdown.textContent());
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    await expect.poll(async () => seconds(await viewerCountdown.textContent()), { message: 'the viewer’s countdown goes down' }).toBeLessThan(first);
    await expect.poll(async () => seconds(await hostCountdown.textContent()), { message: 'the host’s countdown goes down' }).toBeLessThan(first);

    // The sheet shows the deal price against the struck-through regular one for the deal's variant.
    await pinnedCard.click();
    await sheet.locator('[data-testid="variant-option"][data-variant-id="aviator-sunglasses-gold"]').click();
    await expect(sheet.getByTestId('sheet-price').locator('s')).toBeVisible();
    await shot(viewer, 'live-selling-phone-viewer-deal-sheet');
    await sheet.getByRole('button', { name: 'Close' }).click();

    for (const [device, viewport] of Object.entries(viewports)) {
      await host.setViewportSize(viewport);
      await viewer.setViewportSize(viewport);
      await expect(viewer.getByTestId('deal-banner')).toBeVisible();
      await shot(host, `live-selling-${device}-host`);
      await shot(viewer, `live-selling-${device}-viewer`);
    }
    // On a laptop the sheet opens in the side panel.
    await pinnedCard.click();
    await expect(sheet).toBeVisible();
    await shot(viewer, 'live-selling-laptop-viewer-sheet');

    // One tap buys at the deal price with the saved address and card; everyone sees one fewer left
    // and the host's ticker says who bought.
    await viewer.getByTestId('deal-buy').click();
    await expect(viewer.getByTestId('deal-result')).toHaveAttribute('data-result', 'paid');
    await expect(viewer.getByTestId('deal-remaining')).toHaveText('4 of 5 left');
    await expect(host.getByTestId('deal-remaining')).toHaveText('4 of 5 left');
    await expect(host.getByTestId('purchase-ticker')).toContainText('just bought Aviator Sunglasses');
    await expect(viewer.getByTestId('purchase-ticker')).toBeVisible();
    await shot(viewer, 'live-selling-laptop-viewer-bought');
    await shot(host, 'live-selling-laptop-host-ticker');

    // Stopping the deal takes the banner away everywhere.
    await host.getByTestId('stop-deal').click();
    await expect(viewer.getByTestId('deal-banner')).toBeHidden();
    await expect(host.getByTestId('stop-deal')).toBeHidden();

    // A show still to come says when it starts.
    await viewer.setViewportSize(viewports.phone);
    await viewer.goto('/shows/show-gift-ideas');
    await expect(viewer.getByTestId('show-state')).toHaveAttribute('data-state', 'scheduled');
    await expect(viewer.getByTestId('show-state')).toContainText('Starts');
    await shot(viewer, 'live-selling-phone-viewer-scheduled');
  } finally {
    await hostContext.close();
    await viewerContext.close();
  }
});
