// A product grid's pages, loaded one after another ("load more"), without React. The hook in
// hooks.ts only subscribes, the way zustand's vanilla store is bound to React.
import type { Page, ProductSummary } from '../../../common/api';
import { isAbort } from '../../lib/api';
import type { ProductQuery } from './api';

export type FetchProductPage = (query: ProductQuery, page: number, pageSize: number, signal: AbortSignal) => Promise<Page<ProductSummary>>;

export interface ProductListState {
  items: readonly ProductSummary[];
  total: number;
  /** The last page that arrived; 0 before the first one. */
  page: number;
  status: 'idle' | 'loading' | 'loading-more' | 'ready' | 'error';
  error: unknown;
  hasMore: boolean;
}

const initialState: ProductListState = { items: [], total: 0, page: 0, status: 'idle', error: null, hasMore: false };

export class ProductList {
  private state: ProductListState = initialState;
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;

  constructor(
    private readonly fetchPage: FetchProductPage,
    readonly query: ProductQuery,
    readonly pageSize: number,
  ) {}

  getState = (): ProductListState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Loads the first page unless it is loaded or on its way. Safe to call again after stop(). */
  start(): void {
    if (this.state.page === 0 && this.controller === null) void this.load(1);
  }

  loadMore(): void {
    if (this.controller === null && this.state.hasMore) void this.load(this.state.page + 1);
  }

  /** After a failure: asks again for the page that failed. */
  retry(): void {
    if (this.controller === null && this.state.status === 'error') void this.load(this.state.page + 1);
  }

  /** Drops a request in flight; its answer is never applied. */
  stop(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.state.status === 'loading' || this.state.status === 'loading-more') {
      this.set({ status: this.state.page === 0 ? 'idle' : 'ready' });
    }
  }

  private async load(page: number): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: page === 1 ? 'loading' : 'loading-more', error: null });
    try {
      const result = await this.fetchPage(this.query, page, this.pageSize, controller.signal);
      if (controller.signal.aborted) return;
      // A product may move between pages while the shopper scrolls; show it once.
      const seen = new Set(this.state.items.map((p) => p.id));
      const items = page === 1 ? result.items : [...this.state.items, ...result.items.filter((p) => !seen.has(p.id))];
      this.set({
        items,
        total: result.total,
        page,
        status: 'ready',
        hasMore: items.length < result.total && result.items.length > 0,
      });
    } catch (error) {
      if (controller.signal.aborted || isAbort(error)) return;
      this.set({ status: 'error', error });
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  private set(patch: Partial<ProductListState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
