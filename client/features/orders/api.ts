import type { Order, Page } from '../../../common/api';
import { apiRequest } from '../../lib/api';

export const ordersPageSize = 10;

export const fetchOrders = (page: number, signal?: AbortSignal) =>
  apiRequest<Page<Order>>('GET', `/api/orders?page=${page}&pageSize=${ordersPageSize}`, { signal });
export const fetchOrder = (id: string, signal?: AbortSignal) => apiRequest<Order>('GET', `/api/orders/${encodeURIComponent(id)}`, { signal });
export const cancelOrder = (id: string) => apiRequest<Order>('POST', `/api/orders/${encodeURIComponent(id)}/cancel`);
