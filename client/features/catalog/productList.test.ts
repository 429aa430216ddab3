import { describe, expect, it } from 'vitest';
import type { Page, ProductSummary } from '../../../common/api';
import { ApiError } from '../../lib/api';
import { ProductList, type FetchProductPage } from './productList';

const product = (id: string): ProductSummary => ({
  id,
  category: 'hats',
  name: { en: id, ja: id },
  image: `/products/${id}.svg`,
  priceFrom: { amount: 1000, currency: 'JPY' },
  available: 1,
  hasModel: false,
  tryOn: null,
});

function catalog(ids: string[]): FetchProductPage {
  return async (_query, page, pageSize): Promise<Page<ProductSummary>> => ({
    items: ids.slice((page - 1) * pageSize, page * pageSize).map(product),
    total: ids.length,
    page,
    pageSize,
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ProductList', () => {
  it('loads page after page until it has them all', async () => {
    const list = new ProductList(catalog(['a', 'b', 'c', 'd', 'e']), {}, 2);
    list.start();
    expect(list.getState().status).toBe('loading');
    await settle();
    expect(list.getState()).toMatchObject({ status: 'ready', total: 5, page: 1, hasMore: true });
    list.loadMore();
    await settle();
    list.loadMore();
    await settle();
    expect(list.getState().items.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(list.getState().hasMore).toBe(false);
  });

  it('keeps what it has when the next page fails, and retries that page', async () => {
    let fail = false;
    const inner = catalog(['a', 'b', 'c']);
    const list = new ProductList(async (...args) => {
      if (fail) throw new ApiError('NETWORK', 0, 'offline');
      return inner(...args);
    }, {}, 2);
    list.start();
    await settle();
    fail = true;
    list.loadMore();
    await settle();
    expect(list.getState()).toMatchObject({ status: 'error', page: 1 });
    expect(list.getState().items).toHaveLength(2);
    fail = false;
    list.retry();
    await settle();
    expect(list.getState()).toMatchObject({ status: 'ready', page: 2 });
    expect(list.getState().items).toHaveLength(3);
  });

  it('ignores an answer that arrives after stop(), and starts again cleanly', async () => {
    const list = new ProductList(catalog(['a']), {}, 2);
    let notified = 0;
    list.subscribe(() => notified++);
    list.start();
    list.stop();
    await settle();
    expect(list.getState()).toMatchObject({ status: 'idle', items: [] });
    list.start();
    await settle();
    expect(list.getState()).toMatchObject({ status: 'ready', total: 1 });
    expect(notified).toBeGreaterThan(0);
  });
});
