// Checkout without React: idempotent order placement, resuming a payment, card input rules and
// waiting for the provider's confirmation.
import { demoCardSchema, type CheckoutRequest, type CheckoutResponse, type DemoCard, type Order, type PaymentSession } from '../../../common/api';
import { ApiError, isAbort } from '../../lib/api';
import { checkWith, type Checked } from '../../lib/forms';

// ---------- idempotency ----------

/**
 * One checkout attempt keeps one Idempotency-Key. When we cannot know whether the server acted
 * (the network dropped, a 5xx), the retry sends the same key, so the server answers with the order
 * it may already have made instead of reserving the stock twice. Once the server has given a
 * definite answer, or when the shopper changes what they send, the next try is a new attempt.
 */
export class CheckoutAttempt {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  keyFor(request: CheckoutRequest): string {
    const body = JSON.stringify(request);
    if (this.key === null || this.body !== body) {
      this.key = this.newKey();
      this.body = body;
    }
    return this.key;
  }

  /** The server answered for certain; whatever comes next is a new attempt. */
  finish(): void {
    this.key = null;
    this.body = null;
  }
}

/** True when the request may or may not have taken effect on the server. */
export function isUncertainFailure(error: unknown): boolean {
  if (!(error instanceof ApiError)) return !isAbort(error);
  if (error.code === 'NETWORK' || error.code === 'RATE_LIMITED') return true;
  // PAYMENT_UNAVAILABLE is a 5xx after which the server has cancelled the order: that is certain.
  return error.status >= 500 && error.code !== 'PAYMENT_UNAVAILABLE';
}

// ---------- resuming a payment ----------

export type PostCheckout = (request: CheckoutRequest, idempotencyKey: string) => Promise<CheckoutResponse>;
export type FetchPaymentSession = (orderId: string) => Promise<PaymentSession>;

export class CheckoutSessions {
  private readonly sessions = new Map<string, PaymentSession>();

  constructor(
    private readonly post: PostCheckout,
    private readonly fetchSession: FetchPaymentSession,
  ) {}

  /** Places the order for this attempt and keeps its payment session for the payment step. */
  async placeOrder(attempt: CheckoutAttempt, request: CheckoutRequest): Promise<CheckoutResponse> {
    const key = attempt.keyFor(request);
    let response: CheckoutResponse;
    try {
      response = await this.post(request, key);
    } catch (error) {
      if (!isUncertainFailure(error)) attempt.finish();
      throw error;
    }
    attempt.finish();
    this.sessions.set(response.order.id, response.payment);
    return response;
  }

  /**
   * The payment session for an order that is waiting for payment: the one checkout returned in
   * this tab, or the server's answer for the buyer's order (after a reload, or on another device).
   */
  async paymentSession(order: Order): Promise<PaymentSession> {
    const known = this.sessions.get(order.id);
    if (known) return known;
    const session = await this.fetchSession(order.id);
    this.sessions.set(order.id, session);
    return session;
  }

  /** A settled order needs nothing more from this tab. */
  forget(orderId: string): void {
    this.sessions.delete(orderId);
  }
}

// ---------- the demo card form ----------

export interface CardDraft {
  number: string;
  expMonth: string;
  expYear: string;
  cvc: string;
  name: string;
}

export type CardField = keyof CardDraft;

export const emptyCard: CardDraft = { number: '', expMonth: '', expYear: '', cvc: '', name: '' };

/** Groups digits in fours as they are typed: "4242424242424242" → "4242 4242 4242 4242". */
export function formatCardNumber(input: string): string {
  const digits = input.replace(/\D/g, '').slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "27" and "2027" both mean 2027. */
export function fullYear(input: string): number {
  const year = Number.parseInt(input.trim(), 10);
  if (!Number.isFinite(year)) return Number.NaN;
  return year < 100 ? 2000 + year : year;
}

export function checkCard(draft: CardDraft): Checked<DemoCard, CardField> {
  const card = {
    number: formatCardNumber(draft.number),
    expMonth: Number.parseInt(draft.expMonth.trim(), 10),
    expYear: fullYear(draft.expYear),
    cvc: draft.cvc.trim(),
    name: draft.name,
  };
  return checkWith<typeof demoCardSchema, CardField>(demoCardSchema, card);
}

// ---------- waiting for the provider ----------

export interface WaitOptions {
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Stripe's word reaches the server by webhook, so after the browser confirms we ask the server
 * until the order leaves "pending". Gives back the last order seen, pending or not, at the deadline.
 * A failed poll (a blip in the network) is not fatal: we ask again.
 */
export async function waitForSettledOrder(fetchOrder: (signal?: AbortSignal) => Promise<Order>, options: WaitOptions = {}): Promise<Order> {
  const { intervalMs = 1500, timeoutMs = 60_000, signal, sleep = abortableSleep } = options;
  const deadline = Date.now() + timeoutMs;
  let last: Order | null = null;
  let lastError: unknown = null;
  for (;;) {
    try {
      last = await fetchOrder(signal);
      if (last.status !== 'pending') return last;
    } catch (error) {
      if (signal?.aborted || isAbort(error)) throw error;
      lastError = error;
    }
    if (Date.now() + intervalMs > deadline) {
      if (last) return last;
      throw lastError;
    }
    await sleep(intervalMs, signal);
  }
}
