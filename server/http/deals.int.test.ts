// Flash deals through the real server, on each database backend: the cap under a rush of buyers,
// the per-buyer limit, the window, claims given back and sold with their orders, channel events and
// the "just bought" ticker.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ServerMessage } from '../../common/realtime';
import { dealClaims, flashDeals, orderLines, orders, reservations, showTimeline } from '../adapters/db/schema';
import { startTestServer, testAddress, testBackends, testCard, type TestClient, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const key = () => `test-${crypto.randomUUID()}`;
const lineup = ['ceramic-mug', 'pour-over-kettle', 'wireless-earbuds', 'smart-speaker'];

type Ephemeral = Extract<ServerMessage, { op: 'ephemeral' }>;
type Event = Extract<ServerMessage, { op: 'event' }>;

describe.each(testBackends)('flash deals on %s', (backend) => {
  let server: TestServer;
  let host: TestClient;
  let showId: string;
  let ws: WsTestClient;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    host = server.client();
    await signInDemo(host, 'host');
    const show = await host.post('/api/shows', {
      title: { ja: 'キッチン', en: 'Kitchen' },
      cover: '/products/ceramic-mug.svg',
      scheduledAt: new Date().toISOString(),
      productIds: lineup,
    });
    expect(show.status).toBe(201);
    showId = show.body.id;
    ws = await WsTestClient.open(server.url);
    sockets.push(ws);
    await ws.subscribe(`show:${showId}` as Channel);
    expect((await host.post(`/api/shows/${showId}/live`)).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  const startDeal = (body: Record<string, unknown>) =>
    host.post(`/api/shows/${showId}/deals`, { price: 1000, quantity: 5, durationSeconds: 600, perBuyerLimit: 2, ...body });
  const buy = (client: TestClient, variantId: string, dealId: string | undefined, quantity = 1, extra: Record<string, unknown> = {}) =>
    client.post('/api/checkout', { items: [{ variantId, quantity }], address: testAddress, ...(dealId ? { dealId } : {}), ...extra }, { 'Idempotency-Key': key() });
  const available = async (productId: string, variantId: string): Promise<number> =>
    (await server.client().get(`/api/products/${productId}`)).body.variants.find((v: { id: string }) => v.id === variantId).available;
  const remainingOf = async (dealId: string): Promise<number | undefined> =>
    (await server.client().get(`/api/shows/${showId}`)).body.deals.find((d: { id: string }) => d.id === dealId)?.remaining;
  const lastRemaining = (dealId: string) => ws.of('ephemeral').filter((e: Ephemeral) => e.key === `deal.remaining:${dealId}`).at(-1)?.data as { remaining: number } | undefined;
  const events = (type: string) => ws.of('event').filter((e: Event) => e.type === type);

  async function shopper(name: string): Promise<TestClient> {
    const client = server.client();
    const res = await client.post('/api/auth/register', { email: `${crypto.randomUUID()}@example.test`, password: 'a long password', displayName: name });
    expect(res.status).toBe(201);
    return client;
  }

  it('lets only the host start a deal, below the price, on a run-sheet variant, one per variant, while live', async () => {
    expect((await startDeal({ variantId: 'ceramic-mug-indigo', price: 2200 })).status).toBe(400);
    expect((await startDeal({ variantId: 'field-watch-steel' })).status).toBe(400);
    expect((await startDeal({ variantId: 'ceramic-mug-indigo', durationSeconds: 5 })).status).toBe(400);
    expect((await startDeal({ variantId: 'ceramic-mug-indigo', perBuyerLimit: 6 })).status).toBe(400);
    const guest = server.client();
    expect((await guest.post(`/api/shows/${showId}/deals`, { variantId: 'ceramic-mug-indigo', price: 1000, quantity: 5, durationSeconds: 600, perBuyerLimit: 1 })).status).toBe(401);
    const scheduled = await host.post('/api/shows', { title: { ja: 'x', en: 'x' }, cover: '/products/ceramic-mug.svg', scheduledAt: new Date().toISOString(), productIds: lineup });
    const notLive = await host.post(`/api/shows/${scheduled.body.id}/deals`, { variantId: 'ceramic-mug-indigo', price: 1000, quantity: 5, durationSeconds: 600, perBuyerLimit: 1 });
    expect(notLive.status).toBe(409);
    expect(notLive.body.error.code).toBe('INVALID_TRANSITION');
    // A checkout may not claim to come from a show that is not live.
    const fromScheduled = await buy(server.client(), 'ceramic-mug-indigo', undefined, 1, { showId: scheduled.body.id });
    expect(fromScheduled.status).toBe(409);
  });

  it('sells exactly the cap at the deal price to 30 buyers at once; the rest hear SOLD_OUT, and stock is never oversold', async () => {
    const variantId = 'ceramic-mug-indigo';
    const before = await available('ceramic-mug', variantId);
    const started = await startDeal({ variantId, quantity: 5, perBuyerLimit: 1 });
    expect(started.status).toBe(201);
    const deal = started.body;
    expect(deal).toMatchObject({ variantId, price: { amount: 1000, currency: 'JPY' }, regularPrice: { amount: 2200 }, cap: 5, remaining: 5, active: true });
    // A viewer who joins now sees the running deal, its remaining quantity and its end in the snapshot.
    const joining = await WsTestClient.open(server.url);
    sockets.push(joining);
    const snapshot = (await joining.subscribe(`show:${showId}` as Channel)) as { op: string; state: { show: { state: string; deals: { id: string; remaining: number; endsAt: string }[]; viewerCount: number } } };
    expect(snapshot.op).toBe('snapshot');
    expect(snapshot.state.show).toMatchObject({ state: 'live', viewerCount: 0 });
    expect(snapshot.state.show.deals.find((d) => d.id === deal.id)).toMatchObject({ remaining: 5, endsAt: deal.endsAt });
    expect(Date.parse(deal.endsAt) - Date.now()).toBeGreaterThan(590_000);
    expect((await startDeal({ variantId })).status).toBe(409); // one running deal per variant
    await ws.waitFor(() => events('deal.started').some((e) => (e.data as { deal: { id: string } }).deal.id === deal.id), 'deal.started');

    const buyers = Array.from({ length: 30 }, () => server.client());
    const results = await Promise.all(buyers.map((b) => buy(b, variantId, deal.id)));
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(5);
    expect(lost.map((r) => r.body.error.code)).toEqual(Array(25).fill('SOLD_OUT'));
    for (const r of won) {
      expect(r.body.order.lines[0]).toMatchObject({ variantId, unitPrice: { amount: 1000 }, quantity: 1 });
      expect(r.body.order.totals.subtotal.amount).toBe(1000);
    }
    expect(await available('ceramic-mug', variantId)).toBe(before - 5);
    const [row] = await server.services.database.db.select().from(flashDeals).where(eq(flashDeals.id, deal.id));
    expect(row!.claimed).toBe(5);
    const lines = await server.services.database.db.select().from(orderLines).where(eq(orderLines.dealId, deal.id));
    expect(lines).toHaveLength(5);
    expect(await remainingOf(deal.id)).toBe(0);
    await ws.waitFor(() => lastRemaining(deal.id)?.remaining === 0, 'deal.remaining 0');

    // A cancelled order gives its unit back to the deal.
    const cancelled = await buyers[results.indexOf(won[0]!)]!.post(`/api/orders/${won[0]!.body.order.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await remainingOf(deal.id)).toBe(1);
    await ws.waitFor(() => lastRemaining(deal.id)?.remaining === 1, 'deal.remaining 1');
    const [claim] = await server.services.database.db.select().from(dealClaims).where(eq(dealClaims.orderId, won[0]!.body.order.id));
    expect(claim!.status).toBe('released');
    expect(await available('ceramic-mug', variantId)).toBe(before - 4);
  });

  it('enforces the per-buyer limit across orders, and gives the allowance back with a cancel', async () => {
    const variantId = 'pour-over-kettle-copper';
    const deal = (await startDeal({ variantId, price: 5000, quantity: 10, perBuyerLimit: 2 })).body;
    const buyer = await shopper('Taro Suzuki');
    const tooMany = await buy(buyer, variantId, deal.id, 3);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('DEAL_LIMIT_REACHED');
    const first = await buy(buyer, variantId, deal.id, 2);
    expect(first.status).toBe(201);
    expect(first.body.order.totals.subtotal.amount).toBe(10_000);
    const again = await buy(buyer, variantId, deal.id, 1);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DEAL_LIMIT_REACHED');
    // Units bought as a guest still count once that guest signs in.
    const guest = server.client();
    expect((await buy(guest, variantId, deal.id, 2)).status).toBe(201);
    const email = `${crypto.randomUUID()}@example.test`;
    expect((await guest.post('/api/auth/register', { email, password: 'a long password', displayName: 'Was Guest' })).status).toBe(201);
    expect((await buy(guest, variantId, deal.id, 1)).body.error.code).toBe('DEAL_LIMIT_REACHED');
    // Only the deal's own variant is sold at its price.
    expect((await buy(buyer, 'pour-over-kettle-matte-black', deal.id, 1)).status).toBe(400);
    expect((await buyer.post(`/api/orders/${first.body.order.id}/cancel`)).status).toBe(200);
    expect((await buy(buyer, variantId, deal.id, 1)).status).toBe(201);
    // Someone else is not held back by this buyer's purchases.
    expect((await buy(await shopper('Jiro Sato'), variantId, deal.id, 2)).status).toBe(201);
  });

  it('gives an expired order’s claim back to the deal', async () => {
    const variantId = 'smart-speaker-sand';
    const deal = (await startDeal({ variantId, price: 7000, quantity: 2, perBuyerLimit: 2 })).body;
    const order = await buy(server.client(), variantId, deal.id, 2);
    expect(order.status).toBe(201);
    expect(await remainingOf(deal.id)).toBe(0);
    // The hold runs out: its reservation's time is moved into the past, as the clock would.
    await server.services.database.db.update(reservations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(reservations.orderId, order.body.order.id));
    expect(await server.services.checkout.expireReservations()).toBeGreaterThanOrEqual(1);
    expect(await remainingOf(deal.id)).toBe(2);
    const [claim] = await server.services.database.db.select().from(dealClaims).where(eq(dealClaims.orderId, order.body.order.id));
    expect(claim!.status).toBe('released');
    await ws.waitFor(() => lastRemaining(deal.id)?.remaining === 2, 'deal.remaining back to 2');
    expect((await host.post(`/api/shows/${showId}/deals/${deal.id}/stop`)).status).toBe(200);
  });

  it('marks a claim sold on payment and tells viewers who just bought, by a shortened name', async () => {
    const variantId = 'wireless-earbuds-white';
    const deal = (await startDeal({ variantId, price: 9800, quantity: 3, perBuyerLimit: 1 })).body;
    const buyer = await shopper('Hanako Yamada');
    const order = await buy(buyer, variantId, deal.id);
    expect(order.status).toBe(201);
    const paid = await buyer.post('/api/payments/demo/confirm', { orderId: order.body.order.id, card: testCard });
    expect(paid.body.status).toBe('paid');
    const [claim] = await server.services.database.db.select().from(dealClaims).where(and(eq(dealClaims.dealId, deal.id), eq(dealClaims.orderId, order.body.order.id)));
    expect(claim!.status).toBe('sold');
    const [stored] = await server.services.database.db.select({ showId: orders.showId }).from(orders).where(eq(orders.id, order.body.order.id));
    expect(stored!.showId).toBe(showId);
    const purchase = await ws.waitFor(() => events('purchase').find((e) => (e.data as { displayName: string }).displayName === 'Hanako Y.'), 'the purchase event');
    expect(purchase.data).toEqual({ displayName: 'Hanako Y.', productName: { ja: 'ワイヤレスイヤホン', en: 'Wireless Earbuds' } });
    expect(await remainingOf(deal.id)).toBe(2);

    // A guest buying from the show at the regular price appears as "Guest".
    const guest = server.client();
    const guestOrder = await buy(guest, 'smart-speaker-sand', undefined, 1, { showId });
    expect(guestOrder.status).toBe(201);
    expect(guestOrder.body.order.lines[0].unitPrice.amount).toBe(9800);
    await guest.post('/api/payments/demo/confirm', { orderId: guestOrder.body.order.id, card: testCard });
    await ws.waitFor(() => events('purchase').some((e) => (e.data as { displayName: string; productName: { en: string } }).displayName === 'Guest'), 'the guest purchase');
  });

  it('leaves a buyer who opted out of the ticker out of it', async () => {
    const buyer = await shopper('Shy Buyer');
    const settings = await buyer.put('/api/account/settings', { hideFromTicker: true });
    expect(settings.status).toBe(200);
    expect(settings.body.settings).toEqual({ hideFromTicker: true });
    expect((await buyer.get('/api/me')).body.settings).toEqual({ hideFromTicker: true });
    expect((await server.client().put('/api/account/settings', { hideFromTicker: true })).status).toBe(401);
    const before = events('purchase').length;
    const order = await buy(buyer, 'smart-speaker-charcoal', undefined, 1, { showId });
    expect((await buyer.post('/api/payments/demo/confirm', { orderId: order.body.order.id, card: testCard })).body.status).toBe('paid');
    await ws.roundTrip();
    expect(events('purchase').length).toBe(before);
    expect(events('purchase').some((e) => (e.data as { displayName: string }).displayName.startsWith('Shy'))).toBe(false);
  });

  it('refuses the deal price after the end, whether the time ran out or the host stopped it', async () => {
    const expiring = (await startDeal({ variantId: 'ceramic-mug-white', quantity: 5 })).body;
    await server.services.database.db.update(flashDeals).set({ endsAt: new Date(Date.now() - 1000) }).where(eq(flashDeals.id, expiring.id));
    const late = await buy(server.client(), 'ceramic-mug-white', expiring.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DEAL_ENDED');

    const stopping = (await startDeal({ variantId: 'ceramic-mug-celadon', quantity: 5 })).body;
    expect((await buy(server.client(), 'ceramic-mug-celadon', stopping.id)).status).toBe(201);
    const stopped = await host.post(`/api/shows/${showId}/deals/${stopping.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.active).toBe(false);
    expect((await host.post(`/api/shows/${showId}/deals/${stopping.id}/stop`)).status).toBe(409);
    const after = await buy(server.client(), 'ceramic-mug-celadon', stopping.id);
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('DEAL_ENDED');
    await ws.waitFor(() => events('deal.ended').some((e) => (e.data as { deal: { id: string } }).deal.id === stopping.id), 'deal.ended');
    expect((await server.client().get(`/api/shows/${showId}`)).body.deals.map((d: { id: string }) => d.id)).not.toContain(stopping.id);
    // Without the deal, the same item is sold at its regular price.
    const regular = await buy(server.client(), 'ceramic-mug-celadon', undefined);
    expect(regular.body.order.lines[0].unitPrice.amount).toBe(2200);
  });

  it('stops running deals when the show ends, and records deals in the timeline', async () => {
    const running = (await startDeal({ variantId: 'wireless-earbuds-black', price: 9000 })).body;
    expect((await host.post(`/api/shows/${showId}/end`)).status).toBe(200);
    await ws.waitFor(() => events('deal.ended').some((e) => (e.data as { deal: { id: string } }).deal.id === running.id), 'deal.ended at the end of the show');
    const late = await buy(server.client(), 'wireless-earbuds-black', running.id);
    expect(late.body.error.code).toBe('DEAL_ENDED');
    const rows = await server.services.database.db.select().from(showTimeline).where(eq(showTimeline.showId, showId)).orderBy(asc(showTimeline.id));
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'deal.started').length).toBeGreaterThanOrEqual(5);
    expect(kinds).toContain('deal.ended');
    expect(kinds.at(-1)).toBe('show.ended');
  });
});
