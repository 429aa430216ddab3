// The host's own shows and the products a run-sheet can be built from.
import type { CreateShowRequest, Page, ProductSummary, ShowSummary, UpdateShowRequest } from '../../../common/api';
import { apiRequest } from '../../lib/api';

/** The largest page the catalogue serves (productListQuerySchema); enough for a run-sheet picker. */
export const pickerPageSize = 60;

export const fetchMyShows = (signal?: AbortSignal) => apiRequest<ShowSummary[]>('GET', '/api/shows?mine=1', { signal });

export const fetchPickerProducts = (signal?: AbortSignal) =>
  apiRequest<Page<ProductSummary>>('GET', `/api/products?pageSize=${pickerPageSize}`, { signal });

export const createShow = (body: CreateShowRequest) => apiRequest<ShowSummary>('POST', '/api/shows', { body });

export const updateShow = (id: string, body: UpdateShowRequest) =>
  apiRequest<ShowSummary>('PATCH', `/api/shows/${encodeURIComponent(id)}`, { body });
