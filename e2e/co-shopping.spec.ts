// Co-shopping end to end with three browser contexts: A makes a room from a live show, B and C join
// by the invite link and see and hear each other over the local mesh; A adds a product and B and C
// see it within a second; B votes and adds one of their own; C sends a try-on look (fake camera)
// and A sees it; A pays for the whole cart with the demo provider and the order lists every line.
import os from 'node:os';
import { expect as baseExpect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgsWithCamera, fakeCameraClip } from './fake-camera';
import { chromiumPath, freshShow, hostGoesLive, shot, viewports } from './support';

/** The room's show: one of this spec's own (see freshShow), with the products the friends shop. */
const showProducts = ['aviator-sunglasses', 'round-glasses', 'baseball-cap', 'bucket-hat'];
const clip = fakeCameraClip('astronaut.png');

// Four browsers with live video, WebGL in SwiftShader and a try-on share two cores with the server:
// a round trip can take seconds (12 s for an add was seen in CI), so waits are long. The rule that
// is timed (friends see an add within a second) is measured, not waited for.
const expect = baseExpect.configure({ timeout: 30_000 });

// Three shoppers, a host and a try-on on a 2-core machine without a GPU.
test.describe.configure({ timeout: 600_000 });
test.use({ locale: 'en-US', launchOptions: { executablePath: chromiumPath, args: chromiumArgsWithCamera(clip) } });

const address = { 'Full name': 'Aiko Sato', 'Postal code': '150-0001', 'Prefecture / state': 'Tokyo', City: 'Shibuya-ku', 'Address line 1': '1-2-3 Jingumae', Phone: '03-1234-5678' };

async function shopper(browser: Browser, viewport: { width: number; height: number }, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  // What went wrong in a friend's browser shows in the test's output.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`[${name}] ${message.text()}`);
  });
  return { context, page };
}

/** Opens the invite link and joins with a name. */
async function joinByLink(page: Page, link: string, name: string) {
  await page.goto(link);
  const form = page.getByTestId('join-room-form');
  await expect(form).toBeVisible();
  await form.getByTestId('room-name-input').fill(name);
  await form.getByTestId('room-name-submit').click();
  await expect(page.getByTestId('room-page')).toBeVisible();
}

/** "live: connected, connected": the page's mesh state and each friend tile's connection, for a readable failure. */
async function meshSummary(page: Page): Promise<string> {
  const state = await page.getByTestId('friend-tiles').getAttribute('data-media-state');
  const tiles = await page.getByTestId('friend-tile').evaluateAll((els) => els.map((el) => el.getAttribute('data-connection')).sort());
  return `${state}: ${tiles.join(', ')}`;
}

/** In the page: resolves with Date.now() when the room cart shows a line of this variant. */
function whenLineAppears(variantId: string): Promise<number> {
  const selector = `[data-testid="room-cart-line"][data-variant-id="${variantId}"]`;
  return new Promise((resolve) => {
    if (document.querySelector(selector)) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      resolve(Date.now());
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

const cartLine = (page: Page, variantId: string) => page.locator(`[data-testid="room-cart-line"][data-variant-id="${variantId}"]`);

test('three friends watch a show together, share a cart, vote, send a look, and one pays for all', async ({ browser }) => {
  const showId = await freshShow(browser, 'Co-shopping e2e', showProducts);
  const { context: hostContext, page: hostPage } = await hostGoesLive(browser, showId);
  const a = await shopper(browser, viewports.laptop, 'A');
  const b = await shopper(browser, viewports.phone, 'B');
  const c = await shopper(browser, viewports.laptop, 'C');
  try {
    // A watches the show and makes a room from it.
    await a.page.goto(`/shows/${showId}`);
    await expect(a.page.getByTestId('stage-state')).toHaveAttribute('data-state', 'live');
    await a.page.getByTestId('create-room').click();
    await shot(a.page, 'co-shopping-laptop-create');
    await a.page.getByTestId('room-name-input').fill('Aiko');
    await a.page.getByTestId('room-name-submit').click();
    await expect(a.page).toHaveURL(/\/rooms\/[^/?]+\?invite=[A-Za-z0-9_-]{43}$/);
    await expect(a.page.getByTestId('room-page')).toBeVisible();
    // The show plays inside the room.
    const video = a.page.getByTestId('stage-video');
    await expect(a.page.getByTestId('stage-state')).toHaveAttribute('data-state', 'live');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'the show plays in the room' }).toBeGreaterThan(0);

    await a.page.getByTestId('room-tab-people').click();
    const link = await a.page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/^http:\/\/localhost:\d+\/rooms\/[^/?]+\?invite=[A-Za-z0-9_-]{43}$/);

    // A link with a wrong token says so, in words.
    const stranger = await shopper(browser, viewports.phone, 'stranger');
    await stranger.page.goto(link.replace(/invite=.*/, `invite=${'x'.repeat(43)}`));
    await expect(stranger.page.getByTestId('room-status')).toHaveAttribute('data-status', 'invalid');
    await expect(stranger.page.getByText('This invite does not work')).toBeVisible();
    await shot(stranger.page, 'co-shopping-phone-invalid-invite');
    await stranger.context.close();

    // B and C join by the link.
    await joinByLink(b.page, link, 'Ben');
    await shot(b.page, 'co-shopping-phone-joined');
    await joinByLink(c.page, link, 'Chika');

    // Everyone is listed, and the mesh connects each friend to the two others.
    await expect(a.page.getByTestId('room-member')).toHaveCount(3);
    for (const [name, page] of [['A', a.page], ['B', b.page], ['C', c.page]] as const) {
      await expect
        .poll(() => meshSummary(page), { message: `${name} is connected to the two others`, timeout: 30_000 })
        .toBe('live: connected, connected');
    }
    // A friend's camera arrives as video in A's tile.
    await expect
      .poll(() => a.page.locator('[data-testid="friend-tile"] video').first().evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'a friend’s camera plays' })
      .toBeGreaterThan(0);

    // The host pins a product and starts a deal: the room shows both over the video, as the show
    // does, and a pinned card opens the product in the room.
    expect((await hostPage.request.post(`/api/shows/${showId}/pins`, { data: { productId: 'round-glasses' } })).status()).toBe(200);
    const deal = await hostPage.request.post(`/api/shows/${showId}/deals`, { data: { variantId: 'round-glasses-black', price: 7_900, quantity: 20, durationSeconds: 600, perBuyerLimit: 1 } });
    expect(deal.status(), await deal.text()).toBe(201);
    const pinnedInRoom = a.page.locator('[data-testid="room-offers"] [data-testid="pinned-card"][data-product-id="round-glasses"]');
    await expect(pinnedInRoom).toBeVisible();
    for (const page of [a.page, b.page, c.page]) await expect(page.getByTestId('deal-banner')).toContainText('¥7,900');
    await shot(b.page, 'co-shopping-phone-pinned-and-deal');
    await pinnedInRoom.click();
    await expect(a.page.getByTestId('room-product')).toHaveAttribute('data-product-id', 'round-glasses');

    // A adds a product; B and C see it (the delays are printed), with who added it.
    await a.page.getByTestId('room-tab-products').click();
    await a.page.locator('[data-testid="room-product-row"][data-product-id="aviator-sunglasses"]').click();
    const panel = a.page.getByTestId('room-product');
    await expect(panel).toBeVisible();
    await panel.locator('[data-testid="variant-option"][data-variant-id="aviator-sunglasses-silver"]').click();
    // Each page notes the moment the line appears (all of them run on this machine's clock). A shows
    // it from the server's answer, B and C from the channel's event, which the server sends first.
    // (The product stays open above the cart.)
    await a.page.getByTestId('room-tab-cart').click();
    await expect(panel).toBeVisible();
    const appeared = [a.page, b.page, c.page].map((page) => page.evaluate(whenLineAppears, 'aviator-sunglasses-silver'));
    const added = a.page.waitForResponse((r) => r.url().endsWith('/cart/lines') && r.request().method() === 'POST');
    const clickedAt = Date.now();
    await panel.getByTestId('room-add-to-cart').click();
    const addResponse = await added;
    expect(addResponse.status()).toBe(201);
    const addTiming = addResponse.request().timing();
    const [atA, atB, atC] = (await Promise.all(appeared)) as [number, number, number];
    console.log(
      `co-shopping: the added line showed for A ${atA - clickedAt} ms after the click (the request left ${Math.round(addTiming.startTime - clickedAt)} ms after it, the server answered in ${Math.round(addTiming.responseEnd)} ms), for B ${atB - atA} ms and for C ${atC - atA} ms after A (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
    );
    // The rule: every member sees an add within a second. Measured from the moment A's own
    // page shows it (the server has committed and answered), so the server's time under load on this
    // shared machine is not counted, only the delivery to the friends; the server sends the event
    // before it answers, so a friend is usually ahead of A.
    expect(atB).toBeGreaterThan(clickedAt);
    expect(atC).toBeGreaterThan(clickedAt);
    expect(atB - atA, 'B sees the line within a second of A').toBeLessThanOrEqual(1_000);
    expect(atC - atA, 'C sees the line within a second of A').toBeLessThanOrEqual(1_000);
    await expect(cartLine(c.page, 'aviator-sunglasses-silver')).toBeVisible();
    await expect(cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('added-by')).toHaveText('Added by Aiko');

    // B votes; A sees the vote. B adds something of their own.
    await cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('vote-up').click();
    await expect(cartLine(a.page, 'aviator-sunglasses-silver').getByTestId('vote-up-count')).toHaveText('1');
    await expect(cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('vote-up')).toHaveAttribute('aria-pressed', 'true');
    await b.page.getByTestId('room-tab-products').click();
    await b.page.locator('[data-testid="room-product-row"][data-product-id="bucket-hat"]').click();
    await b.page.getByTestId('room-product').getByTestId('room-add-to-cart').click();
    await b.page.getByTestId('room-tab-cart').click();
    await expect(b.page.getByTestId('room-cart-line')).toHaveCount(2);
    await expect(a.page.getByTestId('room-cart-line')).toHaveCount(2);
    // A comment on A's line.
    await cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('comments-toggle').click();
    await cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('comment-input').fill('Silver suits you!');
    await cartLine(b.page, 'aviator-sunglasses-silver').getByTestId('comment-submit').click();
    await cartLine(a.page, 'aviator-sunglasses-silver').getByTestId('comments-toggle').click();
    await expect(cartLine(a.page, 'aviator-sunglasses-silver').getByTestId('room-comment')).toHaveText('Ben Silver suits you!');

    // B drops off the network while A changes the quantity; back online, B's cart is what A sees.
    await b.context.setOffline(true);
    await a.page.getByTestId('room-tab-cart').click();
    await cartLine(a.page, 'aviator-sunglasses-silver').getByRole('button', { name: 'Increase quantity' }).click();
    await expect(cartLine(a.page, 'aviator-sunglasses-silver').locator('.stepper__value')).toHaveText('2');
    await b.context.setOffline(false);
    await expect(cartLine(b.page, 'aviator-sunglasses-silver').locator('.stepper__value')).toHaveText('2');

    // C tries the sunglasses on and sends the look; A sees it in the room's looks.
    await c.page.getByTestId('room-tab-products').click();
    await c.page.locator('[data-testid="room-product-row"][data-product-id="aviator-sunglasses"]').click();
    await c.page.getByTestId('room-product').getByTestId('try-on-open').click();
    const snapshotButton = c.page.getByTestId('try-on-snapshot');
    const stage = c.page.getByTestId('try-on-stage');
    // The try-on has its own camera (it may still be loading its model): a snapshot can be taken.
    let phase = '';
    for (const until = Date.now() + 90_000; Date.now() < until; await c.page.waitForTimeout(500)) {
      phase = `${await stage.getAttribute('data-phase')}/${await stage.getAttribute('data-problem')}`;
      if (/^(loading-model|searching|move-closer|tracking)\//.test(phase)) break;
    }
    expect(phase, 'the try-on has its camera').toMatch(/^(loading-model|searching|move-closer|tracking)\//);
    await expect(snapshotButton).toBeEnabled();
    // Friends see what C is trying on.
    await a.page.getByTestId('room-tab-people').click();
    await expect(a.page.locator('[data-testid="room-member"]', { hasText: 'Chika' })).toContainText('Trying on Aviator Sunglasses');
    await shot(c.page, 'co-shopping-laptop-try-on');
    const uploaded = c.page.waitForResponse((r) => r.url().endsWith('/snapshots') && r.request().method() === 'POST');
    await snapshotButton.click();
    expect((await uploaded).status()).toBe(201);
    await a.page.getByTestId('room-tab-looks').click();
    const look = a.page.getByTestId('room-snapshot').first();
    await expect(look).toHaveAttribute('data-loaded', 'true');
    await expect(look).toContainText('Chika’s look');
    expect(await look.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // Reactions inside the room reach the friends. A float lives 2.4 s: a busy page's polls could
    // fall either side of it, so A's page notes every float that appears.
    await a.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { floatsSeen: string[] }).floatsSeen = seen;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.dataset.testid === 'room-reaction-float') seen.push(n.dataset.kind ?? '');
      }).observe(document.body, { childList: true, subtree: true });
    });
    await b.page.locator('[data-testid="room-reaction"][data-kind="fire"]').click();
    await expect.poll(() => a.page.evaluate(() => (window as unknown as { floatsSeen: string[] }).floatsSeen)).toContain('fire');

    // Screens to look at, both sizes.
    for (const [device, viewport] of Object.entries(viewports)) {
      for (const [who, page] of [['a', a.page], ['b', b.page]] as const) {
        await page.setViewportSize(viewport);
        await page.getByTestId('room-tab-cart').click();
        await shot(page, `co-shopping-${device}-${who}-cart`);
      }
    }
    await a.page.setViewportSize(viewports.laptop);
    await a.page.getByTestId('room-tab-looks').click();
    await shot(a.page, 'co-shopping-laptop-a-looks');
    await a.page.getByTestId('room-tab-people').click();
    await shot(a.page, 'co-shopping-laptop-a-people');

    // A pays for everyone with the demo provider.
    await a.page.getByTestId('room-tab-cart').click();
    await a.page.getByTestId('pay-all').click();
    await expect(a.page).toHaveURL(/\/rooms\/[^/]+\/checkout\?scope=all$/);
    await expect(a.page.getByTestId('room-checkout-line')).toHaveCount(2);
    for (const [label, value] of Object.entries(address)) await a.page.getByLabel(label, { exact: true }).fill(value);
    await shot(a.page, 'co-shopping-laptop-checkout');
    await a.page.getByTestId('room-place-order').click();
    const form = a.page.getByTestId('demo-card-form');
    await expect(form).toBeVisible();
    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByLabel('Expiry month').fill('12');
    await form.getByLabel('Expiry year').fill('2034');
    await form.getByLabel('CVC').fill('123');
    await form.getByLabel('Name on card').fill('Aiko Sato');
    await a.page.getByTestId('pay-button').first().click();
    await expect(a.page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(a.page.getByTestId('order-status')).toHaveAttribute('data-status', 'paid');
    // The order lists all lines: A's sunglasses (two) and B's hat.
    const orderText = await a.page.locator('main').innerText();
    expect(orderText).toContain('Aviator Sunglasses');
    expect(orderText).toContain('Bucket Hat');
    await shot(a.page, 'co-shopping-laptop-order');

    // The friends see the lines as bought by A.
    await expect(cartLine(b.page, 'aviator-sunglasses-silver')).toHaveAttribute('data-status', 'bought');
    await expect(cartLine(b.page, 'aviator-sunglasses-silver')).toContainText('Bought by Aiko');
    await c.page.getByTestId('room-tab-cart').click();
    await expect(c.page.locator('[data-testid="room-cart-line"][data-status="bought"]')).toHaveCount(2);
    await b.page.setViewportSize(viewports.phone);
    await shot(b.page, 'co-shopping-phone-b-bought');
  } finally {
    for (const s of [a, b, c]) await s.context.close();
    await hostContext.close();
  }
});
