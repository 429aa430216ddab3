// The order state machine: pending → paid → fulfilled, or cancelled / refunded.
// Only the payment provider's confirmation moves an order to paid (see payments.ts).
import type { OrderStatus } from '../../common/api';
import { DomainError } from './errors';

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled', 'refunded'],
  paid: ['fulfilled', 'refunded'],
  fulfilled: ['refunded'],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_TRANSITION', `An order that is ${from} cannot become ${to}`, { from, to });
  }
}

export type PaymentEventKind = 'payment.succeeded' | 'payment.failed' | 'payment.cancelled' | 'payment.refunded';

/**
 * What a provider event does to an order in a given state. Events may come twice, late or out of
 * order; each answer is safe whatever came before (a failure after success changes nothing).
 */
export type PaymentEffect =
  | { kind: 'mark-paid' }
  /** Money arrived for an order we had already given up: sell if the stock is still there, else refund. */
  | { kind: 'revive-or-refund' }
  | { kind: 'record-failure' }
  | { kind: 'cancel' }
  | { kind: 'mark-refunded' }
  | { kind: 'ignore'; reason: string };

export function effectOf(event: PaymentEventKind, status: OrderStatus): PaymentEffect {
  switch (event) {
    case 'payment.succeeded':
      if (status === 'pending') return { kind: 'mark-paid' };
      if (status === 'cancelled') return { kind: 'revive-or-refund' };
      return { kind: 'ignore', reason: `already ${status}` };
    case 'payment.failed':
      return status === 'pending' ? { kind: 'record-failure' } : { kind: 'ignore', reason: `already ${status}` };
    case 'payment.cancelled':
      return status === 'pending' ? { kind: 'cancel' } : { kind: 'ignore', reason: `already ${status}` };
    case 'payment.refunded':
      return status === 'refunded' || status === 'cancelled'
        ? { kind: 'ignore', reason: `already ${status}` }
        : { kind: 'mark-refunded' };
  }
}
