import type { Order, OrderStatus } from '../../../common/api';

export const isSettled = (status: OrderStatus) => status !== 'pending';

/** A shopper may pay or cancel only while the order waits for payment. */
export const canPay = (order: Order) => order.status === 'pending';
export const canCancel = (order: Order) => order.status === 'pending';

export const itemCount = (order: Order) => order.lines.reduce((n, line) => n + line.quantity, 0);
