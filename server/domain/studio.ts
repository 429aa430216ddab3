// The host's side of a show: creating and editing it, going live and ending, pinning products from
// the run-sheet and running flash deals. Every change a viewer must see is published on the show's
// channel after its transaction commits; every pin and deal is also written to the show's timeline
// (milliseconds since it went live) so that a replay can show products at the right moments.
import crypto from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type {
  Category,
  CreateShowRequest,
  FlashDeal,
  ProductSummary,
  ShowDetail,
  ShowLiveState,
  ShowPin,
  ShowState,
  ShowSummary,
  StartDealRequest,
  TryOnAnchor,
  UpdateShowRequest,
} from '../../common/api';
import type { Db, Executor } from '../adapters/db';
import { flashDeals, products, showPins, showProducts, shows, showTimeline, stock, users, variants } from '../adapters/db/schema';
import { toFlashDeal, type DealRow } from './deals';
import { DomainError, notFound } from './errors';
import { dealEnd, dealPhase, pinWithCap, timelineOffsetMs } from './live-rules';
import type { Publisher } from './realtime';

type ShowRow = typeof shows.$inferSelect;

export interface StudioUser {
  id: string;
  role: string;
}

const channelOf = (showId: string) => `show:${showId}` as const;
const toPins = (rows: { productId: string; pinnedAt: Date }[]): ShowPin[] =>
  [...rows].sort((a, b) => a.pinnedAt.getTime() - b.pinnedAt.getTime()).map((p) => ({ productId: p.productId, pinnedAt: p.pinnedAt.toISOString() }));

export function createStudio(
  db: Db,
  deps: { publisher: Publisher; viewerCount: (showId: string) => number; log?: (msg: string) => void; now?: () => Date },
) {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  /** Deals that end on their own get a deal.ended event and a timeline row from this instance's timer. */
  const dealTimers = new Map<string, NodeJS.Timeout>();

  async function showRow(ex: Executor, showId: string, lock = false): Promise<ShowRow> {
    const query = ex.select().from(shows).where(eq(shows.id, showId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('Show');
    return row;
  }

  /** Only the show's own host changes it; anyone else learns nothing more than that they may not. */
  async function ownShow(ex: Executor, user: StudioUser, showId: string, lock = false): Promise<ShowRow> {
    const row = await showRow(ex, showId, lock);
    if (row.hostId !== user.id) throw new DomainError('FORBIDDEN', 'Only the show’s host can change it');
    return row;
  }

  async function record(tx: Executor, show: ShowRow, kind: string, data: unknown, at = now()): Promise<void> {
    const atMs = show.state === 'live' ? timelineOffsetMs(show.startedAt, at) : null;
    if (atMs === null) return;
    await tx.insert(showTimeline).values({ showId: show.id, atMs, kind, data });
  }

  /** Whether the product is on the show's run-sheet, and the show's pins: one round trip. */
  async function pinContext(ex: Executor, showId: string, productId: string): Promise<{ onRunSheet: boolean; current: { productId: string; pinnedAt: Date }[] }> {
    const result = await ex.execute(sql`
      SELECT EXISTS (SELECT 1 FROM ${showProducts} WHERE ${showProducts.showId} = ${showId} AND ${showProducts.productId} = ${productId}) AS on_run_sheet,
        ${showPins.productId} AS product_id, round(extract(epoch FROM ${showPins.pinnedAt}) * 1000)::float8 AS pinned_ms
      FROM (SELECT 1) AS one LEFT JOIN ${showPins} ON ${showPins.showId} = ${showId}`);
    const rows = (result as unknown as { rows: { on_run_sheet: boolean; product_id: string | null; pinned_ms: number | null }[] }).rows;
    return {
      onRunSheet: rows[0]?.on_run_sheet === true,
      current: rows.flatMap((r) => (r.product_id === null ? [] : [{ productId: r.product_id, pinnedAt: new Date(Number(r.pinned_ms)) }])),
    };
  }

  async function runSheet(ex: Executor, showId: string): Promise<string[]> {
    const rows = await ex.select({ productId: showProducts.productId }).from(showProducts).where(eq(showProducts.showId, showId)).orderBy(asc(showProducts.position));
    return rows.map((r) => r.productId);
  }

  async function assertProductsExist(ex: Executor, productIds: string[]): Promise<void> {
    if (productIds.length === 0) return;
    const found = await ex.select({ id: products.id }).from(products).where(inArray(products.id, productIds));
    const missing = productIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new DomainError('VALIDATION_FAILED', `Unknown products in the run-sheet: ${missing.join(', ')}`, { field: 'productIds', missing });
  }

  async function lineupOf(productIds: string[]): Promise<ProductSummary[]> {
    if (productIds.length === 0) return [];
    const rows = await db
      .select({
        p: products,
        priceFrom: sql<number>`min(${variants.price})::int`,
        available: sql<number>`coalesce(sum(${stock.onHand} - ${stock.reserved}), 0)::int`,
      })
      .from(products)
      .leftJoin(variants, eq(variants.productId, products.id))
      .leftJoin(stock, eq(stock.variantId, variants.id))
      .where(inArray(products.id, productIds))
      .groupBy(products.id);
    const byId = new Map(
      rows.map(({ p, priceFrom, available }): [string, ProductSummary] => [
        p.id,
        {
          id: p.id,
          category: p.category as Category,
          name: { ja: p.nameJa, en: p.nameEn },
          image: p.images[0] ?? '',
          priceFrom: { amount: priceFrom ?? 0, currency: p.currency },
          available,
          hasModel: p.modelUrl !== null,
          tryOn: p.tryOnAnchor as TryOnAnchor | null,
        },
      ]),
    );
    return productIds.map((id) => byId.get(id)).filter((p): p is ProductSummary => p !== undefined);
  }

  async function describeDeals(rows: DealRow[]): Promise<FlashDeal[]> {
    if (rows.length === 0) return [];
    const info = await db
      .select({ id: variants.id, productId: variants.productId, price: variants.price, currency: products.currency })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(inArray(variants.id, [...new Set(rows.map((r) => r.variantId))]));
    const at = now();
    return rows.flatMap((r) => {
      const v = info.find((i) => i.id === r.variantId);
      return v ? [toFlashDeal(r, v, at)] : [];
    });
  }

  async function activeDealRows(ex: Executor, showId: string): Promise<DealRow[]> {
    const rows = await ex
      .select()
      .from(flashDeals)
      .where(and(eq(flashDeals.showId, showId), isNull(flashDeals.stoppedAt), gt(flashDeals.endsAt, now())))
      .orderBy(asc(flashDeals.endsAt));
    return rows.filter((r) => dealPhase(r, now()) === 'active');
  }

  async function liveState(showId: string): Promise<ShowLiveState> {
    const show = await showRow(db, showId);
    const [pins, deals] = await Promise.all([
      db.select({ productId: showPins.productId, pinnedAt: showPins.pinnedAt }).from(showPins).where(eq(showPins.showId, showId)),
      activeDealRows(db, showId),
    ]);
    return {
      state: show.state as ShowState,
      startedAt: show.startedAt?.toISOString() ?? null,
      pins: toPins(pins),
      deals: show.state === 'live' ? await describeDeals(deals) : [],
      viewerCount: deps.viewerCount(showId),
    };
  }

  async function summaryOf(show: ShowRow, hostName: string, productIds: string[]): Promise<ShowSummary> {
    return {
      id: show.id,
      title: { ja: show.titleJa, en: show.titleEn },
      hostName,
      cover: show.cover,
      scheduledAt: show.scheduledAt.toISOString(),
      state: show.state as ShowState,
      productIds,
    };
  }

  async function detail(showId: string): Promise<ShowDetail> {
    const [row] = await db.select({ s: shows, hostName: users.displayName }).from(shows).innerJoin(users, eq(users.id, shows.hostId)).where(eq(shows.id, showId));
    if (!row) throw notFound('Show');
    const productIds = await runSheet(db, showId);
    const [summary, state, lineup] = await Promise.all([summaryOf(row.s, row.hostName, productIds), liveState(showId), lineupOf(productIds)]);
    return { ...summary, ...state, hostId: row.s.hostId, endedAt: row.s.endedAt?.toISOString() ?? null, lineup };
  }

  async function publishPins(showId: string, pins: ShowPin[]): Promise<void> {
    await deps.publisher.publish(channelOf(showId), 'pin.changed', { pins });
  }

  async function publishState(show: ShowRow): Promise<void> {
    await deps.publisher.publish(channelOf(show.id), 'show.state', {
      state: show.state,
      startedAt: show.startedAt?.toISOString() ?? null,
      endedAt: show.endedAt?.toISOString() ?? null,
    });
  }

  /** Ends a deal that ran out on its own: the timeline and the channel hear of it once, whoever notices first. */
  function scheduleDealEnd(deal: DealRow): void {
    const wait = Math.max(0, deal.endsAt.getTime() - now().getTime());
    const timer = setTimeout(() => {
      dealTimers.delete(deal.id);
      void (async () => {
        const [current] = await db.select().from(flashDeals).where(eq(flashDeals.id, deal.id));
        if (!current || current.stoppedAt) return;
        const show = await showRow(db, current.showId);
        await record(db, show, 'deal.ended', { dealId: current.id, variantId: current.variantId, claimed: current.claimed }, dealEnd(current));
        const [described] = await describeDeals([current]);
        if (described) await deps.publisher.publish(channelOf(current.showId), 'deal.ended', { deal: described });
      })().catch((error: unknown) => log(`live: ending deal ${deal.id} failed: ${String(error)}`));
    }, wait);
    timer.unref();
    dealTimers.set(deal.id, timer);
  }

  async function stopDealsIn(tx: Executor, show: ShowRow, dealIds: string[] | null, at: Date): Promise<DealRow[]> {
    const stopped = await tx
      .update(flashDeals)
      .set({ stoppedAt: at })
      .where(
        and(
          eq(flashDeals.showId, show.id),
          isNull(flashDeals.stoppedAt),
          gt(flashDeals.endsAt, at),
          ...(dealIds ? [inArray(flashDeals.id, dealIds)] : []),
        ),
      )
      .returning();
    for (const d of stopped) await record(tx, show, 'deal.ended', { dealId: d.id, variantId: d.variantId, claimed: d.claimed }, at);
    return stopped;
  }

  async function announceStopped(showId: string, stopped: DealRow[]): Promise<void> {
    for (const d of stopped) {
      const timer = dealTimers.get(d.id);
      if (timer) clearTimeout(timer);
      dealTimers.delete(d.id);
    }
    for (const deal of await describeDeals(stopped)) await deps.publisher.publish(channelOf(showId), 'deal.ended', { deal });
  }

  return {
    liveState,
    detail,

    /** The `show:<id>` channel's part of the snapshot; null for a channel that names no show. */
    async snapshotOf(showId: string): Promise<ShowLiveState | null> {
      const [exists] = await db.select({ id: shows.id }).from(shows).where(eq(shows.id, showId));
      return exists ? liveState(showId) : null;
    },

    async create(host: StudioUser, input: CreateShowRequest): Promise<ShowDetail> {
      const id = `show-${crypto.randomUUID()}`;
      await db.transaction(async (tx) => {
        await assertProductsExist(tx, input.productIds);
        await tx.insert(shows).values({
          id,
          titleJa: input.title.ja,
          titleEn: input.title.en,
          hostId: host.id,
          cover: input.cover,
          scheduledAt: new Date(input.scheduledAt),
        });
        if (input.productIds.length) await tx.insert(showProducts).values(input.productIds.map((productId, position) => ({ showId: id, productId, position })));
      });
      return detail(id);
    },

    /**
     * Title and cover change until the show ends; the time only while it is still scheduled; the
     * run-sheet at any time before the end (hosts reorder it as the show goes). A product taken off
     * the run-sheet is unpinned.
     */
    async update(user: StudioUser, showId: string, input: UpdateShowRequest): Promise<ShowDetail> {
      let unpinned: ShowPin[] | null = null;
      let lineupChanged: string[] | null = null;
      await db.transaction(async (tx) => {
        const show = await ownShow(tx, user, showId, true);
        if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'An ended show cannot be changed');
        if (input.scheduledAt !== undefined && show.state !== 'scheduled') {
          throw new DomainError('INVALID_TRANSITION', 'Only a scheduled show can be rescheduled');
        }
        const set: Partial<typeof shows.$inferInsert> = {};
        if (input.title) Object.assign(set, { titleJa: input.title.ja, titleEn: input.title.en });
        if (input.cover !== undefined) set.cover = input.cover;
        if (input.scheduledAt !== undefined) set.scheduledAt = new Date(input.scheduledAt);
        if (Object.keys(set).length) await tx.update(shows).set(set).where(eq(shows.id, showId));
        if (input.productIds) {
          await assertProductsExist(tx, input.productIds);
          await tx.delete(showProducts).where(eq(showProducts.showId, showId));
          if (input.productIds.length) await tx.insert(showProducts).values(input.productIds.map((productId, position) => ({ showId, productId, position })));
          const gone = await tx
            .delete(showPins)
            .where(and(eq(showPins.showId, showId), input.productIds.length ? notInArray(showPins.productId, input.productIds) : undefined))
            .returning();
          if (gone.length) {
            const left = await tx.select({ productId: showPins.productId, pinnedAt: showPins.pinnedAt }).from(showPins).where(eq(showPins.showId, showId));
            unpinned = toPins(left);
            for (const g of gone) await record(tx, show, 'unpin', { productId: g.productId });
          }
          if (show.state === 'live') lineupChanged = input.productIds;
        }
      });
      if (lineupChanged) await deps.publisher.publish(channelOf(showId), 'lineup.changed', { productIds: lineupChanged });
      if (unpinned) await publishPins(showId, unpinned);
      return detail(showId);
    },

    /** A host's own shows, ended ones included, newest schedule first. */
    async listMine(hostId: string): Promise<ShowSummary[]> {
      const rows = await db.select({ s: shows, hostName: users.displayName }).from(shows).innerJoin(users, eq(users.id, shows.hostId)).where(eq(shows.hostId, hostId)).orderBy(desc(shows.scheduledAt));
      const lineup = rows.length
        ? await db.select().from(showProducts).where(inArray(showProducts.showId, rows.map((r) => r.s.id))).orderBy(asc(showProducts.position))
        : [];
      return Promise.all(rows.map(({ s, hostName }) => summaryOf(s, hostName, lineup.filter((l) => l.showId === s.id).map((l) => l.productId))));
    },

    async goLive(user: StudioUser, showId: string): Promise<ShowDetail> {
      await ownShow(db, user, showId);
      const [live] = await db
        .update(shows)
        .set({ state: 'live', startedAt: now() })
        .where(and(eq(shows.id, showId), eq(shows.state, 'scheduled')))
        .returning();
      if (!live) throw new DomainError('INVALID_TRANSITION', 'Only a scheduled show can go live');
      await publishState(live);
      return detail(showId);
    },

    /** Ends the show; deals still running stop with it. */
    async end(user: StudioUser, showId: string): Promise<ShowDetail> {
      const at = now();
      const result = await db.transaction(async (tx) => {
        const show = await ownShow(tx, user, showId, true);
        if (show.state !== 'live') throw new DomainError('INVALID_TRANSITION', 'Only a live show can end');
        const stopped = await stopDealsIn(tx, show, null, at);
        await record(tx, show, 'show.ended', {}, at);
        const [ended] = await tx.update(shows).set({ state: 'ended', endedAt: at }).where(eq(shows.id, showId)).returning();
        return { ended: ended!, stopped };
      });
      await announceStopped(showId, result.stopped);
      await publishState(result.ended);
      return detail(showId);
    },

    /**
     * Pins a run-sheet product over the video; a fourth pin pushes out the oldest. Viewers wait for
     * this transaction's statements (each costs the PGlite worker a millisecond or two), so it has
     * three before the COMMIT: the show's lock, one read, and one statement that writes the change and
     * numbers the channel event (inside the transaction: it commits with the pin, nothing follows).
     */
    async pin(user: StudioUser, showId: string, productId: string): Promise<ShowPin[]> {
      const at = now();
      const outcome = await db.transaction(async (tx) => {
        // The show row's lock makes concurrent pins of one show take turns, so the cap holds.
        const show = await ownShow(tx, user, showId, true);
        if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'The show has ended');
        // A statement of its own after the lock: one that waited for the lock would read the pins as they were before the wait.
        const { onRunSheet, current } = await pinContext(tx, showId, productId);
        if (!onRunSheet) throw new DomainError('VALIDATION_FAILED', 'Only products on the run-sheet can be pinned', { field: 'productId' });
        const next = pinWithCap(current, productId, at);
        if (!next.added) return { pins: toPins(next.pins), event: null };
        const atMs = show.state === 'live' ? timelineOffsetMs(show.startedAt, at) : null;
        const timeline = atMs === null ? [] : [...next.unpinned.map((p) => ({ kind: 'unpin', productId: p })), { kind: 'pin', productId }];
        // One statement with the channel event: the pushed-out pins go, the new one comes, and the timeline gets its rows in this order.
        const changes: SQL[] = [tx.insert(showPins).values({ showId, productId, pinnedAt: at }).getSQL()];
        if (next.unpinned.length) changes.push(tx.delete(showPins).where(and(eq(showPins.showId, showId), inArray(showPins.productId, next.unpinned))).getSQL());
        if (timeline.length) changes.push(tx.insert(showTimeline).values(timeline.map((t) => ({ showId, atMs: atMs!, kind: t.kind, data: { productId: t.productId } }))).getSQL());
        const pins = toPins(next.pins);
        const event = await deps.publisher.publishInTransaction(tx, channelOf(showId), 'pin.changed', { pins }, changes);
        return { pins, event };
      });
      outcome.event?.release();
      return outcome.pins;
    },

    async unpin(user: StudioUser, showId: string, productId: string): Promise<ShowPin[]> {
      const outcome = await db.transaction(async (tx) => {
        const show = await ownShow(tx, user, showId, true);
        const removed = await tx.delete(showPins).where(and(eq(showPins.showId, showId), eq(showPins.productId, productId))).returning();
        if (removed.length) await record(tx, show, 'unpin', { productId });
        const left = await tx.select({ productId: showPins.productId, pinnedAt: showPins.pinnedAt }).from(showPins).where(eq(showPins.showId, showId));
        return { pins: toPins(left), changed: removed.length > 0 };
      });
      if (outcome.changed) await publishPins(showId, outcome.pins);
      return outcome.pins;
    },

    /** Starts a flash deal on a run-sheet product's variant, below its price, while the show is live. */
    async startDeal(user: StudioUser, showId: string, input: StartDealRequest): Promise<FlashDeal> {
      const at = now();
      const row = await db.transaction(async (tx) => {
        const show = await ownShow(tx, user, showId, true);
        if (show.state !== 'live') throw new DomainError('INVALID_TRANSITION', 'Deals run only while the show is live');
        const [variant] = await tx.select({ productId: variants.productId, price: variants.price }).from(variants).where(eq(variants.id, input.variantId));
        if (!variant || !(await runSheet(tx, showId)).includes(variant.productId)) {
          throw new DomainError('VALIDATION_FAILED', 'A deal is for a variant of a product on the run-sheet', { field: 'variantId' });
        }
        if (input.price >= variant.price) throw new DomainError('VALIDATION_FAILED', 'A deal price is below the regular price', { field: 'price' });
        // Under the show's lock: two deals on one variant would leave buyers unsure which price they get.
        const running = (await activeDealRows(tx, showId)).filter((d) => d.variantId === input.variantId);
        if (running.length) throw new DomainError('CONFLICT', 'A deal on this item is already running');
        const [inserted] = await tx
          .insert(flashDeals)
          .values({
            id: crypto.randomUUID(),
            showId,
            variantId: input.variantId,
            price: input.price,
            cap: input.quantity,
            perBuyerLimit: input.perBuyerLimit,
            startsAt: at,
            endsAt: new Date(at.getTime() + input.durationSeconds * 1000),
          })
          .returning();
        await record(tx, show, 'deal.started', { dealId: inserted!.id, variantId: input.variantId, price: input.price, cap: input.quantity }, at);
        return inserted!;
      });
      const [deal] = await describeDeals([row]);
      await deps.publisher.publish(channelOf(showId), 'deal.started', { deal });
      scheduleDealEnd(row);
      return deal!;
    },

    async stopDeal(user: StudioUser, showId: string, dealId: string): Promise<FlashDeal> {
      const at = now();
      const stopped = await db.transaction(async (tx) => {
        const show = await ownShow(tx, user, showId, true);
        const [deal] = await tx.select({ id: flashDeals.id }).from(flashDeals).where(and(eq(flashDeals.id, dealId), eq(flashDeals.showId, showId)));
        if (!deal) throw notFound('Deal');
        const rows = await stopDealsIn(tx, show, [dealId], at);
        if (rows.length === 0) throw new DomainError('INVALID_TRANSITION', 'This deal has already ended');
        return rows;
      });
      await announceStopped(showId, stopped);
      return (await describeDeals(stopped))[0]!;
    },

    close(): void {
      for (const timer of dealTimers.values()) clearTimeout(timer);
      dealTimers.clear();
    },
  };
}

export type Studio = ReturnType<typeof createStudio>;
