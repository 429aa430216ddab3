// The account endpoints. Every one of them answers with the caller's fresh Me.
import type { Address, Me } from '../../../common/api';
import { apiRequest } from '../../lib/api';

export const fetchMe = (signal?: AbortSignal) => apiRequest<Me>('GET', '/api/me', { signal });
export const login = (body: { email: string; password: string }) => apiRequest<Me>('POST', '/api/auth/login', { body });
export const register = (body: { email: string; password: string; displayName: string }) =>
  apiRequest<Me>('POST', '/api/auth/register', { body });
export const logout = () => apiRequest<Me>('POST', '/api/auth/logout');
export const saveAddress = (address: Address) => apiRequest<Me>('PUT', '/api/account/address', { body: address });
export const removePaymentMethod = () => apiRequest<Me>('DELETE', '/api/account/payment-method');
