import { useResource } from '../../lib/useResource';
import { fetchOrder, fetchOrders } from './api';

export const useOrders = (page: number) => useResource(`orders:${page}`, (signal) => fetchOrders(page, signal));
export const useOrder = (id: string) => useResource(`order:${id}`, (signal) => fetchOrder(id, signal));
