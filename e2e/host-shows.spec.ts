// Host show management e2e: the demo host lists their shows at /host, creates one with a two-product
// run-sheet from the form, lands in its studio and edits it; a shopper is told that only hosts manage shows.
import { expect, test } from '@playwright/test';
import { demoHost, shot, viewports } from './support';

test.use({ locale: 'en-US' });

for (const [device, viewport] of Object.entries(viewports)) {
  test(`the host creates a show from /host and lands in its studio (${device})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    expect((await page.request.post('/api/auth/login', { data: demoHost })).status()).toBe(200);
    await page.reload();

    await page.getByTestId('host-link').click();
    await expect(page).toHaveURL(/\/host$/);
    const rows = page.getByTestId('host-show-row');
    for (const id of ['show-summer-eyewear', 'show-gift-ideas']) {
      await expect(page.locator(`[data-testid="host-show-row"][data-show-id="${id}"]`)).toBeVisible();
    }
    await shot(page, `${device}-host-1-list`);

    await page.getByTestId('new-show').click();
    const form = page.getByTestId('show-form');
    await expect(form).toBeVisible();
    const title = `Evening picks ${device} ${Date.now()}`;
    await form.getByLabel('Title (Japanese)').fill('夜のおすすめ');
    await form.getByLabel('Title (English)').fill(title);
    await form.getByLabel('Starts at').fill('2031-03-04T20:00');
    await form.locator('[data-testid="pick-product"][data-product-id="round-glasses"]').check();
    await form.locator('[data-testid="pick-product"][data-product-id="baseball-cap"]').check();
    // The cap goes first: the run-sheet's order is the order the buttons leave it in.
    await form.getByRole('button', { name: /Move .* up/ }).last().click();
    await expect(form.getByTestId('run-order').locator('li').first()).toHaveAttribute('data-product-id', 'baseball-cap');
    await shot(page, `${device}-host-2-form`);

    await page.getByTestId('save-show').click();
    await expect(page).toHaveURL(/\/studio\/[^/]+$/);
    const newId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(newId).not.toMatch(/^show-(summer-eyewear|gift-ideas)$/);
    const created = await (await page.request.get(`/api/shows/${newId}`)).json();
    expect(created).toMatchObject({ title: { en: title }, state: 'scheduled', productIds: ['baseball-cap', 'round-glasses'] });

    await page.goto('/host');
    const row = page.locator(`[data-testid="host-show-row"][data-show-id="${newId}"]`);
    await expect(row).toContainText(title);
    await expect(row.getByTestId('open-studio')).toHaveAttribute('href', `/studio/${newId}`);
    expect(await rows.count()).toBeGreaterThanOrEqual(3);

    // Edit opens the same form, filled in; saving patches the show and the list shows the change.
    await row.getByTestId('edit-show').click();
    await expect(form.getByLabel('Title (English)')).toHaveValue(title);
    await expect(form.getByTestId('run-order').locator('li')).toHaveCount(2);
    await form.getByLabel('Title (English)').fill(`${title} (edited)`);
    await page.getByTestId('save-show').click();
    await expect(form).toHaveCount(0);
    await expect(row).toContainText(`${title} (edited)`);
    await row.scrollIntoViewIfNeeded();
    await shot(page, `${device}-host-3-list-after`);
  });
}

test('a shopper is told that only hosts manage shows', async ({ page }) => {
  await page.setViewportSize(viewports.phone);
  await page.goto('/');
  const email = `shopper-${Date.now()}@example.com`;
  expect((await page.request.post('/api/auth/register', { data: { email, password: 'shopper-password', displayName: 'Aoi Sato' } })).status()).toBe(201);
  await page.goto('/host');
  await expect(page.getByTestId('hosts-only')).toContainText('Only hosts can manage shows');
  await expect(page.getByTestId('host-link')).toHaveCount(0);
  await expect(page.getByTestId('new-show')).toHaveCount(0);
  await shot(page, 'phone-host-4-shopper');
});
