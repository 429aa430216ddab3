// A live show's selling state without React (DESIGN.md §7): a vanilla zustand store fed by the
// show's detail (GET /api/shows/:id) and its `show:<id>` channel. The realtime client already hands
// events over once and in order; this core only folds them into what the pages draw.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DealEvent, DealRemaining, FlashDeal, Localized, PinChangedEvent, ProductSummary, PurchaseEvent, ShowDetail, ShowLiveState, ShowPin, ShowState, ShowStateEvent } from '../../../common/api';
import { viewerCountKey, type Channel, type ServerEphemeral, type ServerEvent } from '../../../common/realtime';
import type { RealtimeClient } from '../../lib/realtime';

/** Viewers see at most this many pinned products, newest first (the server keeps the same cap). */
export const maxPins = 3;

export interface LastPurchase {
  displayName: string;
  productName: Localized;
  /** Counts purchases, so the ticker can restart its fade for a repeat of the same text. */
  n: number;
}

export interface ShowCoreState {
  /** The detail (title, lineup products) has arrived. */
  loaded: boolean;
  /** The channel's snapshot has arrived: pins, deals and state are live from then on. */
  synced: boolean;
  detail: ShowDetail | null;
  state: ShowState | null;
  startedAt: string | null;
  /** Newest first, at most `maxPins`. */
  pins: ShowPin[];
  /** Running deals, soonest end first, with the latest remaining quantity. */
  deals: FlashDeal[];
  /** The run-sheet in order (product ids); products described in `products`. */
  lineup: string[];
  products: Record<string, ProductSummary>;
  lastPurchase: LastPurchase | null;
  viewerCount: number;
}

export type ShowStore = StoreApi<ShowCoreState>;

const initial: ShowCoreState = {
  loaded: false,
  synced: false,
  detail: null,
  state: null,
  startedAt: null,
  pins: [],
  deals: [],
  lineup: [],
  products: {},
  lastPurchase: null,
  viewerCount: 0,
};

export const showChannel = (showId: string) => `show:${showId}` as Channel;
const remainingPrefix = 'deal.remaining:';

export function newestPins(pins: readonly ShowPin[]): ShowPin[] {
  return [...pins].sort((a, b) => Date.parse(b.pinnedAt) - Date.parse(a.pinnedAt)).slice(0, maxPins);
}

const byEnd = (a: FlashDeal, b: FlashDeal) => Date.parse(a.endsAt) - Date.parse(b.endsAt);

/** Milliseconds left until `endsAt`, by the server's clock (never below zero). */
export function msLeft(endsAt: string, serverNow: number): number {
  return Math.max(0, Date.parse(endsAt) - serverNow);
}

/** "0:42", "12:05": whole seconds rounded up, so "0:00" shows only once the deal is over. */
export function formatCountdown(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function createShowStore(): ShowStore {
  return createStore<ShowCoreState>()(() => initial);
}

/** The detail describes the show; its live fields count only until the channel's snapshot, which is newer. */
export function applyDetail(store: ShowStore, detail: ShowDetail): void {
  const s = store.getState();
  const products = { ...s.products };
  for (const p of detail.lineup) products[p.id] = p;
  store.setState({
    loaded: true,
    detail,
    products,
    lineup: detail.productIds,
    ...(s.synced ? {} : liveFields(detail)),
  });
}

function liveFields(live: ShowLiveState): Partial<ShowCoreState> {
  return {
    state: live.state,
    startedAt: live.startedAt,
    pins: newestPins(live.pins),
    deals: live.deals.filter((d) => d.active).sort(byEnd),
    viewerCount: live.viewerCount,
  };
}

/** The channel's snapshot replaces every live field (the snapshot holds other features' parts too). */
export function applySnapshot(store: ShowStore, snapshot: unknown): void {
  const show = (snapshot as { show?: ShowLiveState | null } | null)?.show;
  if (!show) return;
  store.setState({ synced: true, ...liveFields(show) });
}

export function applyEvent(store: ShowStore, event: Pick<ServerEvent, 'type' | 'data'>): void {
  const s = store.getState();
  switch (event.type) {
    case 'show.state': {
      const data = event.data as ShowStateEvent;
      // A show that ends takes its deals with it (the server stops them; this needs no second event).
      store.setState({ state: data.state, startedAt: data.startedAt, ...(data.state === 'ended' ? { deals: [] } : {}) });
      return;
    }
    case 'pin.changed':
      store.setState({ pins: newestPins((event.data as PinChangedEvent).pins) });
      return;
    case 'deal.started': {
      const { deal } = event.data as DealEvent;
      // One deal per variant at a time: a new one replaces whatever this client still shows for it.
      const others = s.deals.filter((d) => d.id !== deal.id && d.variantId !== deal.variantId);
      store.setState({ deals: [...others, deal].sort(byEnd) });
      return;
    }
    case 'deal.ended': {
      const { deal } = event.data as DealEvent;
      store.setState({ deals: s.deals.filter((d) => d.id !== deal.id) });
      return;
    }
    case 'purchase': {
      const data = event.data as PurchaseEvent;
      store.setState({ lastPurchase: { displayName: data.displayName, productName: data.productName, n: (s.lastPurchase?.n ?? 0) + 1 } });
      return;
    }
    case 'lineup.changed': {
      const { productIds } = event.data as { productIds: string[] };
      store.setState({ lineup: productIds });
      return;
    }
    default:
      // Chat, polls and Q&A share the channel; their events are theirs.
      return;
  }
}

export function applyEphemeral(store: ShowStore, value: Pick<ServerEphemeral, 'key' | 'data'>): void {
  if (value.key === viewerCountKey) {
    store.setState({ viewerCount: (value.data as { count: number }).count });
    return;
  }
  if (!value.key.startsWith(remainingPrefix)) return;
  const { dealId, remaining } = value.data as DealRemaining;
  const s = store.getState();
  if (!s.deals.some((d) => d.id === dealId && d.remaining !== remaining)) return;
  store.setState({ deals: s.deals.map((d) => (d.id === dealId ? { ...d, remaining } : d)) });
}

/** Deals whose time is up leave at their end by the server's clock, even when no `deal.ended` comes. */
export function dropEndedDeals(store: ShowStore, serverNow: number): void {
  const { deals } = store.getState();
  const running = deals.filter((d) => msLeft(d.endsAt, serverNow) > 0);
  if (running.length !== deals.length) store.setState({ deals: running });
}

/**
 * Joins `show:<id>` on the realtime client and keeps the store current, including ending deals on
 * time. Returns the leave function, which also clears its timer.
 */
export function connectShow(store: ShowStore, client: RealtimeClient, showId: string): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const scheduleExpiry = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const next = store.getState().deals[0];
    if (!next) return;
    timer = setTimeout(() => {
      dropEndedDeals(store, client.serverNow());
      scheduleExpiry();
    }, msLeft(next.endsAt, client.serverNow()) + 50);
  };
  const stopWatching = store.subscribe((s, prev) => {
    if (s.deals !== prev.deals) scheduleExpiry();
  });
  const leave = client.subscribe(showChannel(showId), {
    snapshot: (state) => applySnapshot(store, state),
    event: (event) => applyEvent(store, event),
    ephemeral: (value) => applyEphemeral(store, value),
  });
  scheduleExpiry();
  return () => {
    leave();
    stopWatching();
    if (timer) clearTimeout(timer);
  };
}

// ---------- selectors ----------
export const dealForVariant = (s: ShowCoreState, variantId: string) => s.deals.find((d) => d.variantId === variantId);
export const dealsForProduct = (s: ShowCoreState, productId: string) => s.deals.filter((d) => d.productId === productId);
export const isPinned = (s: ShowCoreState, productId: string) => s.pins.some((p) => p.productId === productId);
