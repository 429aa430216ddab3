import type { CheckoutRequest, CheckoutResponse, DemoCard, Order, PaymentSession } from '../../../common/api';
import { apiRequest } from '../../lib/api';

export const postCheckout = (body: CheckoutRequest, idempotencyKey: string) =>
  apiRequest<CheckoutResponse>('POST', '/api/checkout', { body, headers: { 'Idempotency-Key': idempotencyKey } });

export type DemoConfirmBody =
  | { orderId: string; card: DemoCard; saveCard?: boolean }
  | { orderId: string; useSavedPaymentMethod: true };

export const confirmDemoPayment = (body: DemoConfirmBody) => apiRequest<Order>('POST', '/api/payments/demo/confirm', { body });

export const fetchOrderForPayment = (orderId: string, signal?: AbortSignal) =>
  apiRequest<Order>('GET', `/api/orders/${encodeURIComponent(orderId)}`, { signal });

export const fetchPaymentSession = (orderId: string) => apiRequest<PaymentSession>('GET', `/api/orders/${encodeURIComponent(orderId)}/payment`);
