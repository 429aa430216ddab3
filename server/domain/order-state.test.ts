import { describe, expect, it } from 'vitest';
import { orderStatuses } from '../../common/api';
import { assertTransition, canTransition, effectOf } from './order-state';

describe('order state machine', () => {
  it('allows exactly pending → paid → fulfilled, and cancelled/refunded', () => {
    const allowed = orderStatuses.flatMap((from) => orderStatuses.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(['fulfilled→refunded', 'paid→fulfilled', 'paid→refunded', 'pending→cancelled', 'pending→paid', 'pending→refunded'].sort());
    expect(() => assertTransition('cancelled', 'paid')).toThrow(/cannot become paid/);
  });

  it('makes provider events safe in any order and any number of times', () => {
    expect(effectOf('payment.succeeded', 'pending')).toEqual({ kind: 'mark-paid' });
    expect(effectOf('payment.succeeded', 'paid').kind).toBe('ignore');
    expect(effectOf('payment.succeeded', 'refunded').kind).toBe('ignore');
    expect(effectOf('payment.succeeded', 'cancelled')).toEqual({ kind: 'revive-or-refund' });
    expect(effectOf('payment.failed', 'paid').kind).toBe('ignore');
    expect(effectOf('payment.failed', 'pending')).toEqual({ kind: 'record-failure' });
    expect(effectOf('payment.cancelled', 'paid').kind).toBe('ignore');
    expect(effectOf('payment.refunded', 'pending')).toEqual({ kind: 'mark-refunded' });
    expect(effectOf('payment.refunded', 'fulfilled')).toEqual({ kind: 'mark-refunded' });
    expect(effectOf('payment.refunded', 'refunded').kind).toBe('ignore');
  });
});
