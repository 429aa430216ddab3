import { describe, expect, it } from 'vitest';
import type { CheckoutRequest, CheckoutResponse, Order } from '../../../common/api';
import { ApiError } from '../../lib/api';
import { CheckoutAttempt, CheckoutSessions, checkCard, formatCardNumber, fullYear, isUncertainFailure, waitForSettledOrder } from './core';

const address = { name: 'Aiko', postalCode: '150-0001', region: 'Tokyo', city: 'Shibuya', line1: '1-2-3', line2: '', phone: '03-1234-5678' };

function order(id: string, status: Order['status'] = 'pending', provider: Order['paymentProvider'] = 'stripe'): Order {
  const yen = { amount: 0, currency: 'JPY' as const };
  return {
    id,
    number: 1,
    status,
    lines: [],
    totals: { subtotal: yen, discount: yen, shipping: yen, total: yen },
    discountCode: null,
    address: null,
    paymentProvider: provider,
    paymentError: null,
    reservedUntil: null,
    createdAt: '2025-01-01T00:00:00Z',
    paidAt: null,
  };
}

/** A fake server answer for GET /api/orders/:id/payment, recording which orders were asked. */
function sessionFetcher() {
  const asked: string[] = [];
  const fetch = async (orderId: string) => {
    asked.push(orderId);
    return { provider: 'stripe' as const, clientSecret: `fetched-${orderId}`, publishableKey: 'pk_test' };
  };
  return { fetch, asked };
}

/** A fake server: answers each call from a script, and records the keys it was sent. */
function scriptedPost(...answers: (CheckoutResponse | ApiError)[]) {
  const keys: string[] = [];
  const post = async (_request: CheckoutRequest, key: string) => {
    keys.push(key);
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof ApiError) throw answer;
    return answer;
  };
  return { post, keys };
}

const counterKeys = () => {
  let n = 0;
  return () => `key-${++n}`;
};

const placed = (id: string): CheckoutResponse => ({ order: order(id), payment: { provider: 'stripe', clientSecret: `secret-${id}`, publishableKey: 'pk_test' } });

describe('checkout idempotency', () => {
  it('reuses the key for the same body and starts over when the body changes', () => {
    const attempt = new CheckoutAttempt(counterKeys());
    expect(attempt.keyFor({ address })).toBe('key-1');
    expect(attempt.keyFor({ address })).toBe('key-1');
    expect(attempt.keyFor({ useSavedAddress: true })).toBe('key-2');
  });

  it('retries with the same key after a lost answer', async () => {
    const server = scriptedPost(new ApiError('NETWORK', 0, 'Failed to fetch'), new ApiError('INTERNAL', 500, 'boom'), placed('o1'));
    const sessions = new CheckoutSessions(server.post, sessionFetcher().fetch);
    const attempt = new CheckoutAttempt(counterKeys());
    await expect(sessions.placeOrder(attempt, { address })).rejects.toThrow();
    await expect(sessions.placeOrder(attempt, { address })).rejects.toThrow();
    await expect(sessions.placeOrder(attempt, { address })).resolves.toMatchObject({ order: { id: 'o1' } });
    expect(server.keys).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('starts a new attempt after a definite refusal', async () => {
    const server = scriptedPost(new ApiError('SOLD_OUT', 409, 'sold out'), new ApiError('PAYMENT_UNAVAILABLE', 503, 'down'), placed('o2'));
    const sessions = new CheckoutSessions(server.post, sessionFetcher().fetch);
    const attempt = new CheckoutAttempt(counterKeys());
    await expect(sessions.placeOrder(attempt, { address })).rejects.toThrow();
    await expect(sessions.placeOrder(attempt, { address })).rejects.toThrow();
    await sessions.placeOrder(attempt, { address });
    expect(server.keys).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('never reuses the key of an order that was placed', async () => {
    const server = scriptedPost(placed('o1'), placed('o2'));
    const sessions = new CheckoutSessions(server.post, sessionFetcher().fetch);
    const attempt = new CheckoutAttempt(counterKeys());
    await sessions.placeOrder(attempt, { address });
    await sessions.placeOrder(attempt, { address });
    expect(server.keys).toEqual(['key-1', 'key-2']);
  });

  it('classifies failures', () => {
    expect(isUncertainFailure(new ApiError('NETWORK', 0, ''))).toBe(true);
    expect(isUncertainFailure(new ApiError('INTERNAL', 500, ''))).toBe(true);
    expect(isUncertainFailure(new ApiError('RATE_LIMITED', 429, ''))).toBe(true);
    expect(isUncertainFailure(new ApiError('VALIDATION_FAILED', 400, ''))).toBe(false);
    expect(isUncertainFailure(new ApiError('PAYMENT_UNAVAILABLE', 503, ''))).toBe(false);
  });
});

describe('resuming a payment', () => {
  it('uses the session checkout returned in this tab without asking again', async () => {
    const fetcher = sessionFetcher();
    const sessions = new CheckoutSessions(scriptedPost(placed('o1')).post, fetcher.fetch);
    await sessions.placeOrder(new CheckoutAttempt(counterKeys()), { address });
    await expect(sessions.paymentSession(order('o1'))).resolves.toMatchObject({ clientSecret: 'secret-o1' });
    expect(fetcher.asked).toEqual([]);
  });

  it('asks the server for the session of an order placed before a reload or elsewhere', async () => {
    const fetcher = sessionFetcher();
    const sessions = new CheckoutSessions(scriptedPost().post, fetcher.fetch);
    await expect(sessions.paymentSession(order('elsewhere'))).resolves.toMatchObject({ clientSecret: 'fetched-elsewhere' });
    await sessions.paymentSession(order('elsewhere'));
    expect(fetcher.asked).toEqual(['elsewhere']);
    sessions.forget('elsewhere');
    await sessions.paymentSession(order('elsewhere'));
    expect(fetcher.asked).toEqual(['elsewhere', 'elsewhere']);
  });
});

describe('card input', () => {
  it('groups card digits in fours', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('4000-0000 0000-0002')).toBe('4000 0000 0000 0002');
    expect(formatCardNumber('4242')).toBe('4242');
  });

  it('reads two-digit years as this century', () => {
    expect(fullYear('27')).toBe(2027);
    expect(fullYear('2031')).toBe(2031);
    expect(fullYear('x')).toBeNaN();
  });

  it('checks a card with the contract schema and names the bad fields', () => {
    const good = checkCard({ number: '4242424242424242', expMonth: '12', expYear: '30', cvc: '123', name: 'Aiko' });
    expect(good).toEqual({ ok: true, value: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123', name: 'Aiko' } });
    const bad = checkCard({ number: '42', expMonth: '13', expYear: '30', cvc: '1', name: ' ' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['cvc', 'expMonth', 'name', 'number']);
  });
});

describe('waitForSettledOrder', () => {
  const noSleep = async () => undefined;

  it('asks until the order leaves pending, riding over a failed poll', async () => {
    const answers: (Order | Error)[] = [order('o'), new ApiError('NETWORK', 0, ''), order('o', 'paid')];
    let calls = 0;
    const result = await waitForSettledOrder(
      async () => {
        calls++;
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      { sleep: noSleep, intervalMs: 1, timeoutMs: 10_000 },
    );
    expect(result.status).toBe('paid');
    expect(calls).toBe(3);
  });

  it('gives back the pending order at the deadline', async () => {
    const result = await waitForSettledOrder(async () => order('o'), { sleep: noSleep, intervalMs: 10, timeoutMs: 0 });
    expect(result.status).toBe('pending');
  });
});
