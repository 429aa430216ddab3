import type { Category, Page, Product, ProductSummary, ShowSummary } from '../../../common/api';
import { apiRequest } from '../../lib/api';

export interface ProductQuery {
  category?: Category;
  q?: string;
}

export function productListPath(query: ProductQuery, page: number, pageSize: number): string {
  const params = new URLSearchParams();
  if (query.category) params.set('category', query.category);
  const q = query.q?.trim();
  if (q) params.set('q', q);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  return `/api/products?${params.toString()}`;
}

export const fetchProductPage = (query: ProductQuery, page: number, pageSize: number, signal?: AbortSignal) =>
  apiRequest<Page<ProductSummary>>('GET', productListPath(query, page, pageSize), { signal });

export const fetchProduct = (id: string, signal?: AbortSignal) =>
  apiRequest<Product>('GET', `/api/products/${encodeURIComponent(id)}`, { signal });

export const fetchShows = (signal?: AbortSignal) => apiRequest<ShowSummary[]>('GET', '/api/shows', { signal });
