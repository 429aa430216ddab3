import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Category } from '../../../common/api';
import { useResource } from '../../lib/useResource';
import { fetchProduct, fetchProductPage, fetchShows } from './api';
import { ProductList } from './productList';

export const gridPageSize = 12;

export function useProductList(category: Category | undefined, q: string | undefined) {
  const list = useMemo(
    () => new ProductList((query, page, size, signal) => fetchProductPage(query, page, size, signal), { category, q }, gridPageSize),
    [category, q],
  );
  useEffect(() => {
    list.start();
    return () => list.stop();
  }, [list]);
  const state = useSyncExternalStore(list.subscribe, list.getState, list.getState);
  return { ...state, loadMore: () => list.loadMore(), retry: () => list.retry() };
}

export const useProduct = (id: string) => useResource(`product:${id}`, (signal) => fetchProduct(id, signal));

export const useShows = () => useResource('shows', fetchShows);
