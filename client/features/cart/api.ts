import type { Cart } from '../../../common/api';
import { apiRequest } from '../../lib/api';

export const fetchCart = (signal?: AbortSignal) => apiRequest<Cart>('GET', '/api/cart', { signal });
export const addLine = (variantId: string, quantity: number) =>
  apiRequest<Cart>('POST', '/api/cart/lines', { body: { variantId, quantity } });
export const updateLine = (lineId: string, quantity: number) =>
  apiRequest<Cart>('PATCH', `/api/cart/lines/${encodeURIComponent(lineId)}`, { body: { quantity } });
export const removeLine = (lineId: string) => apiRequest<Cart>('DELETE', `/api/cart/lines/${encodeURIComponent(lineId)}`);
export const applyDiscount = (code: string) => apiRequest<Cart>('POST', '/api/cart/discount', { body: { code } });
export const removeDiscount = () => apiRequest<Cart>('DELETE', '/api/cart/discount');
