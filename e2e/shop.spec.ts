// Storefront e2e: browse → variant → add to cart → demo checkout → order in my orders, and the
// sold-out state. Screenshots go to test-results/shots for a person to look at.
import { expect, test } from '@playwright/test';
import { shot, viewports } from './support';

const address = { 'Full name': 'Hanako Yamada', 'Postal code': '100-0001', 'Prefecture / state': 'Tokyo', City: 'Chiyoda-ku', 'Address line 1': '1-1 Chiyoda', Phone: '03-1234-5678' };

test.use({ locale: 'en-US' });

for (const [device, viewport] of Object.entries(viewports)) {
  test(`a shopper buys a watch in a chosen colour and finds the order (${device})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    await expect(page.getByTestId('product-card').first()).toBeVisible();
    expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(12);
    await shot(page, `${device}-1-home`);

    await page.locator('[data-testid="product-card"][data-product-id="field-watch"]').click();
    await expect(page).toHaveURL(/\/products\/field-watch$/);
    const green = page.locator('[data-testid="variant-option"][data-variant-id="field-watch-green-canvas"]');
    await green.click();
    await expect(green).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('stock-badge')).toBeVisible();
    await shot(page, `${device}-2-product`);

    await page.getByTestId('add-to-cart').click();
    const drawer = page.getByTestId('cart-drawer');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId('cart-line')).toHaveCount(1);
    await expect(drawer.getByTestId('cart-line')).toContainText(/Green/);
    await expect(page.getByTestId('cart-count')).toHaveText('1');
    await shot(page, `${device}-3-cart`);

    await drawer.getByTestId('checkout-button').click();
    await expect(page).toHaveURL(/\/checkout/);
    for (const [label, value] of Object.entries(address)) await page.getByLabel(label, { exact: true }).fill(value);
    await shot(page, `${device}-4-checkout`);
    await page.getByTestId('place-order').click();

    const form = page.getByTestId('demo-card-form');
    await expect(form).toBeVisible();
    await expect(page.getByText('Demo payment — no money moves, no real card data')).toBeVisible();
    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByLabel('Expiry month').fill('12');
    await form.getByLabel('Expiry year').fill('2034');
    await form.getByLabel('CVC').fill('123');
    await form.getByLabel('Name on card').fill('Hanako Yamada');
    await shot(page, `${device}-5-payment`);
    await page.getByTestId('pay-button').first().click();

    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'paid');
    const number = (await page.getByTestId('order-number').textContent())!.replace(/\D/g, '');
    expect(number.length).toBeGreaterThan(0);
    await shot(page, `${device}-6-confirmation`);

    await page.goto('/orders');
    await expect(page.getByTestId('orders-list')).toBeVisible();
    await expect(page.getByTestId('order-row').first()).toContainText(number);
    await shot(page, `${device}-7-orders`);
  });
}

test('a variant that runs out shows as sold out and cannot be added', async ({ page, request }) => {
  await page.setViewportSize(viewports.phone);
  // Someone else buys the last ten size-15 rings (held for them by checkout).
  const headers = { 'Idempotency-Key': `e2e-${Date.now()}-sellout` };
  const bought = await request.post('/api/checkout', {
    headers,
    data: { items: [{ variantId: 'signet-ring-15', quantity: 10 }], address: { name: 'Other Buyer', postalCode: '100-0001', region: 'Tokyo', city: 'Chiyoda', line1: '1-1', phone: '0312345678' } },
  });
  expect(bought.status()).toBe(201);

  await page.goto('/products/signet-ring');
  const size15 = page.locator('[data-testid="variant-option"][data-variant-id="signet-ring-15"]');
  await size15.click();
  await expect(page.getByTestId('stock-badge')).toContainText(/sold out/i);
  await expect(page.getByTestId('add-to-cart')).toBeDisabled();
  await shot(page, 'phone-8-sold-out');

  // Another size is still for sale.
  await page.locator('[data-testid="variant-option"][data-variant-id="signet-ring-13"]').click();
  await expect(page.getByTestId('add-to-cart')).toBeEnabled();
});
