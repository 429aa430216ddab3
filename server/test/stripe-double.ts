// A local stand-in for Stripe's API, for tests only (Stripe cannot be reached from CI). It speaks
// Stripe's HTTP shapes for exactly the calls the Stripe adapter makes, so the real `stripe` SDK
// can be pointed at it (STRIPE_API_BASE): form-encoded bodies with bracket notation, Stripe's
// error objects, Idempotency-Key replay and mismatch, and 429s above a request rate.
//
// State changes that Stripe would announce by webhook (success, failure, cancel, refund) are
// recorded as Stripe Event objects; a test signs one with the SDK's own helper and delivers it.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';

type Params = { [key: string]: string | Params | Array<string | Params> };

type Reply = [status: number, body: unknown];
type Route = [method: string, path: RegExp, run: (match: RegExpExecArray, params: Params) => Reply | Promise<Reply>];

interface StoredResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: unknown;
}

export interface DoubleRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Params;
  /** 429 when the double refused it for the rate, else the status it answered. */
  status: number;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string; [k: string]: unknown },
  ) {
    super(body.message);
  }
}

const missing = (kind: string, id: string, param: string) =>
  new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param });

/** Parses Stripe's form encoding (`metadata[order_id]=…`, `expand[0]=…`) into nested objects. */
export function parseStripeForm(text: string): Params {
  const out: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match ? [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [key];
    let node: any = out;
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i]!;
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part];
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}

/** Same parameters in any order compare equal, as Stripe compares them for idempotent replays. */
function canonical(text: string): string {
  return JSON.stringify([...new URLSearchParams(text)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const idOf = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const clone = <T>(v: T): T => structuredClone(v);

/** Stripe's test payment methods, after https://docs.stripe.com/testing#cards. */
const testCards: Record<string, { brand: string; last4: string; decline?: string; requiresAction?: boolean }> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_jcb: { brand: 'jcb', last4: '0000' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', decline: 'Your card was declined.' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', requiresAction: true },
};

export interface StripeDouble {
  url: string;
  /** Requests answered (including 429s), and how many of them were 429s. */
  readonly counts: { requests: number; rateLimited: number };
  /** Every request, in arrival order. */
  readonly log: DoubleRequest[];
  readonly intents: Map<string, Stripe.PaymentIntent>;
  readonly customers: Map<string, Stripe.Customer>;
  /** Every event the double has produced, oldest first. */
  readonly events: Stripe.Event[];
  /** Requests per sliding second above which the double answers 429. */
  ratePerSecond: number;
  /** The id the next created PaymentIntent gets (for events that must exist before their intent). */
  presetNextIntentId(id: string): void;
  /** Called after an intent is created and before the API answers (to race a webhook against it). */
  onIntentCreated: ((intent: Stripe.PaymentIntent) => Promise<void> | void) | null;
  /** The shopper paid: the intent succeeds; returns the payment_intent.succeeded event. */
  succeed(intentId: string, options?: { paymentMethod?: string; created?: number }): Stripe.Event;
  /** The shopper's card was declined; returns the payment_intent.payment_failed event. */
  fail(intentId: string, message: string, options?: { created?: number }): Stripe.Event;
  /** Wraps any object in an event, as Stripe would send it. */
  event(type: string, object: object, created?: number): Stripe.Event;
  /** Attaches a test payment method to a customer, as a card saved earlier would be. */
  attachPaymentMethod(methodId: string, customerId: string): void;
  /** The latest event of a type about an intent (or its charge). */
  lastEvent(type: string, intentId: string): Stripe.Event | undefined;
  resetCounts(): void;
  close(): Promise<void>;
}

export async function startStripeDouble(options: { ratePerSecond?: number; now?: () => number } = {}): Promise<StripeDouble> {
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);
  const intents = new Map<string, Stripe.PaymentIntent>();
  const charges = new Map<string, Stripe.Charge>();
  const customers = new Map<string, Stripe.Customer>();
  const methods = new Map<string, Stripe.PaymentMethod>();
  const idempotent = new Map<string, StoredResponse>();
  const events: Stripe.Event[] = [];
  const log: DoubleRequest[] = [];
  const counts = { requests: 0, rateLimited: 0 };
  /** Arrival times (ms, monotonic) of the requests served in the last second. */
  let recent: number[] = [];
  let presetIntentId: string | null = null;

  function paymentMethod(id: string): Stripe.PaymentMethod {
    let pm = methods.get(id);
    if (!pm) {
      const card = testCards[id];
      if (!card) throw missing('payment_method', id, 'payment_method');
      pm = {
        id,
        object: 'payment_method',
        type: 'card',
        created: nowSeconds(),
        customer: null,
        livemode: false,
        metadata: {},
        billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
        card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3, country: 'JP', funding: 'credit' },
      } as unknown as Stripe.PaymentMethod;
      methods.set(id, pm);
    }
    return pm;
  }

  function makeEvent(type: string, object: object, created = nowSeconds()): Stripe.Event {
    const event = {
      id: idOf('evt'),
      object: 'event',
      api_version: '2026-01-28.clover',
      created,
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    events.push(event);
    return event;
  }

  function intentOr404(id: string): Stripe.PaymentIntent {
    const pi = intents.get(id);
    if (!pi) throw missing('payment_intent', id, 'intent');
    return pi;
  }

  function succeedIntent(pi: Stripe.PaymentIntent, pmId: string, created?: number): Stripe.Event {
    const pm = paymentMethod(pmId);
    const charge = {
      id: idOf('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: 0,
      currency: pi.currency,
      captured: true,
      paid: true,
      refunded: false,
      status: 'succeeded',
      payment_intent: pi.id,
      payment_method: pm.id,
      customer: pi.customer,
      metadata: { ...pi.metadata },
      created: created ?? nowSeconds(),
      livemode: false,
    } as unknown as Stripe.Charge;
    charges.set(charge.id, charge);
    Object.assign(pi, { status: 'succeeded', payment_method: pm.id, amount_received: pi.amount, latest_charge: charge.id, last_payment_error: null, next_action: null });
    // A card used with setup_future_usage is attached to the intent's customer, as Stripe does.
    if (pi.setup_future_usage && pi.customer) Object.assign(pm, { customer: pi.customer });
    return makeEvent('payment_intent.succeeded', pi, created);
  }

  function failIntent(pi: Stripe.PaymentIntent, message: string, pmId: string | null, created?: number): Stripe.Event {
    Object.assign(pi, {
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message, payment_method: pmId ? clone(paymentMethod(pmId)) : null },
    });
    return makeEvent('payment_intent.payment_failed', pi, created);
  }

  const routes: Route[] = [
    [
      'POST',
      /^\/v1\/payment_intents$/,
      async (_m, p) => {
        const amount = Number(p.amount);
        if (p.amount === undefined) throw new StripeApiError(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });
        if (!Number.isInteger(amount) || amount < 1) throw new StripeApiError(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid positive integer' });
        if (typeof p.currency !== 'string' || !/^[a-z]{3}$/.test(p.currency)) {
          throw new StripeApiError(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'currency', message: 'Missing or invalid required param: currency.' });
        }
        const apm = p.automatic_payment_methods as Params | undefined;
        const confirm = p.confirm === 'true';
        if (confirm && apm?.enabled === 'true' && apm.allow_redirects !== 'never' && !p.return_url) {
          throw new StripeApiError(400, {
            type: 'invalid_request_error',
            param: 'return_url',
            message: 'This PaymentIntent is configured to accept payment methods that may redirect; provide a return_url, or set automatic_payment_methods[allow_redirects] to never.',
          });
        }
        if (typeof p.customer === 'string' && !customers.has(p.customer)) throw missing('customer', p.customer, 'customer');
        if (p.setup_future_usage !== undefined && typeof p.customer !== 'string') {
          // Stripe allows this (it attaches the card at confirmation), but we never mean to.
          throw new StripeApiError(400, { type: 'invalid_request_error', param: 'customer', message: 'The double expects a customer with setup_future_usage.' });
        }
        const id = presetIntentId ?? idOf('pi');
        presetIntentId = null;
        const pi = {
          id,
          object: 'payment_intent',
          amount,
          amount_received: 0,
          automatic_payment_methods: apm ? { enabled: apm.enabled === 'true', ...(apm.allow_redirects ? { allow_redirects: apm.allow_redirects } : {}) } : null,
          canceled_at: null,
          cancellation_reason: null,
          capture_method: 'automatic',
          client_secret: `${id}_secret_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`,
          confirmation_method: 'automatic',
          created: nowSeconds(),
          currency: p.currency,
          customer: typeof p.customer === 'string' ? p.customer : null,
          last_payment_error: null,
          latest_charge: null,
          livemode: false,
          metadata: (p.metadata as Record<string, string> | undefined) ?? {},
          next_action: null,
          payment_method: typeof p.payment_method === 'string' ? p.payment_method : null,
          payment_method_types: ['card'],
          setup_future_usage: typeof p.setup_future_usage === 'string' ? p.setup_future_usage : null,
          status: typeof p.payment_method === 'string' ? 'requires_confirmation' : 'requires_payment_method',
        } as unknown as Stripe.PaymentIntent;
        intents.set(id, pi);
        if (confirm) {
          if (!pi.payment_method) {
            throw new StripeApiError(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'You cannot confirm this PaymentIntent because it\'s missing a payment method.' });
          }
          const pmId = pi.payment_method as string;
          const pm = paymentMethod(pmId);
          if (pi.customer && pm.customer !== pi.customer) {
            throw new StripeApiError(400, { type: 'invalid_request_error', param: 'payment_method', message: `The provided PaymentMethod ${pmId} does not belong to customer ${pi.customer as string}.` });
          }
          const card = testCards[pmId]!;
          if (card.decline) {
            failIntent(pi, card.decline, pmId);
            // Server-side confirmation reports a decline as a 402 card_error carrying the intent.
            throw new StripeApiError(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: card.decline, payment_intent: clone(pi) });
          }
          if (card.requiresAction) {
            Object.assign(pi, { status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } });
          } else {
            succeedIntent(pi, pmId);
          }
        }
        await double.onIntentCreated?.(clone(pi));
        return [200, pi];
      },
    ],
    ['GET', /^\/v1\/payment_intents\/([^/]+)$/, (m) => [200, intentOr404(m[1]!)]],
    [
      'POST',
      /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      (m) => {
        const pi = intentOr404(m[1]!);
        if (pi.status === 'succeeded' || pi.status === 'canceled') {
          throw new StripeApiError(400, {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
          });
        }
        Object.assign(pi, { status: 'canceled', canceled_at: nowSeconds(), cancellation_reason: 'requested_by_customer' });
        makeEvent('payment_intent.canceled', pi);
        return [200, pi];
      },
    ],
    [
      'POST',
      /^\/v1\/refunds$/,
      (_m, p) => {
        if (typeof p.payment_intent !== 'string') throw new StripeApiError(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'payment_intent', message: 'One of the following params should be provided for this request: payment_intent or charge.' });
        const pi = intentOr404(p.payment_intent);
        const charge = pi.latest_charge ? charges.get(pi.latest_charge as string) : undefined;
        if (pi.status !== 'succeeded' || !charge) {
          throw new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_not_refundable', message: `This PaymentIntent (${pi.id}) does not have a successful charge to refund.` });
        }
        if (charge.refunded) {
          throw new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.` });
        }
        const refund = { id: idOf('re'), object: 'refund', amount: charge.amount, charge: charge.id, currency: charge.currency, payment_intent: pi.id, status: 'succeeded', created: nowSeconds(), metadata: {} };
        Object.assign(charge, { amount_refunded: charge.amount, refunded: true });
        makeEvent('charge.refunded', charge);
        return [200, refund];
      },
    ],
    [
      'POST',
      /^\/v1\/customers$/,
      (_m, p) => {
        const customer = {
          id: idOf('cus'),
          object: 'customer',
          created: nowSeconds(),
          email: typeof p.email === 'string' ? p.email : null,
          livemode: false,
          metadata: (p.metadata as Record<string, string> | undefined) ?? {},
        } as unknown as Stripe.Customer;
        customers.set(customer.id, customer);
        return [200, customer];
      },
    ],
    [
      'GET',
      /^\/v1\/customers\/([^/]+)$/,
      (m) => {
        const customer = customers.get(m[1]!);
        if (!customer) throw missing('customer', m[1]!, 'id');
        return [200, customer];
      },
    ],
    ['GET', /^\/v1\/payment_methods\/([^/]+)$/, (m) => [200, paymentMethod(m[1]!)]],
  ];

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': idOf('req'), ...headers });
    res.end(JSON.stringify(body));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    const method = req.method ?? 'GET';
    const text = method === 'GET' ? url.search.slice(1) : Buffer.concat(chunks).toString('utf8');
    const params = parseStripeForm(text);
    const key = method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) ?? null : null;
    const entry: DoubleRequest = { method, path: url.pathname, idempotencyKey: key, params, status: 0 };
    log.push(entry);
    counts.requests += 1;
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };

    // A sliding one-second window over the requests served, as Stripe's limiter counts per second.
    recent = recent.filter((t) => t > arrivedAt - 1000);
    if (recent.length >= double.ratePerSecond) {
      counts.rateLimited += 1;
      answer(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' } });
      return;
    }
    recent.push(arrivedAt);

    if (!/^Bearer sk_(test|live)_\S+$/.test(req.headers.authorization ?? '')) {
      answer(401, { error: { type: 'invalid_request_error', message: 'You did not provide an API key.' } });
      return;
    }

    if (key) {
      const stored = idempotent.get(key);
      if (stored) {
        if (stored.method !== method || stored.path !== url.pathname || stored.params !== canonical(text)) {
          answer(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
          return;
        }
        answer(stored.status, stored.body, { 'idempotent-replayed': 'true', 'original-request': 'req_original' });
        return;
      }
    }

    let status = 404;
    let body: unknown = { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` } };
    for (const [m, pattern, run] of routes) {
      const match = m === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      try {
        [status, body] = await run(match, params);
        body = clone(body); // later changes to the object must not alter a stored reply
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        status = error.status;
        body = { error: error.body };
      }
      break;
    }
    // Stripe keeps the result of every request that reached an endpoint, errors included.
    if (key) idempotent.set(key, { method, path: url.pathname, params: canonical(text), status, body });
    answer(status, body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: { type: 'api_error', message: `double failed: ${String(error)}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const double: StripeDouble = {
    url: `http://127.0.0.1:${port}`,
    counts,
    log,
    intents,
    customers,
    events,
    ratePerSecond: options.ratePerSecond ?? 25,
    onIntentCreated: null,
    presetNextIntentId(id) {
      presetIntentId = id;
    },
    succeed(intentId, opts = {}) {
      return succeedIntent(intentOr404(intentId), opts.paymentMethod ?? 'pm_card_visa', opts.created);
    },
    fail(intentId, message, opts = {}) {
      return failIntent(intentOr404(intentId), message, 'pm_card_chargeDeclined', opts.created);
    },
    event: makeEvent,
    attachPaymentMethod(methodId, customerId) {
      if (!customers.has(customerId)) throw new Error(`no customer ${customerId}`);
      Object.assign(paymentMethod(methodId), { customer: customerId });
    },
    lastEvent(type, intentId) {
      return [...events].reverse().find((e) => {
        const o = e.data.object as { id?: string; payment_intent?: string };
        return e.type === type && (o.id === intentId || o.payment_intent === intentId);
      });
    },
    resetCounts() {
      counts.requests = 0;
      counts.rateLimited = 0;
      log.length = 0;
      recent = [];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return double;
}
