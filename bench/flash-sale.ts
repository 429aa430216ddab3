// Flash sale: 5,000 buy attempts released at one instant against 200 units of one variant. Each
// attempt is a distinct shopper session that checks out one unit over HTTP and pays with the demo
// provider. Target: sold = 200, oversold = 0, errors_5xx = 0, p99 ≤ 1 s from the release instant.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { createLoadClient, percentile } from './http-client';

const address = { name: 'Bench Buyer', postalCode: '100-0001', region: 'Tokyo', city: 'Chiyoda', line1: '1-1', phone: '0312345678' };
const card = { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123', name: 'Bench Buyer' };

export interface FlashSaleResult {
  units: number;
  attempts: number;
  sold: number;
  oversold: number;
  sold_out_replies: number;
  errors_5xx: number;
  other_errors: number;
  p50_ms: number;
  p99_ms: number;
  attempts_per_s: number;
  final_on_hand: number;
  /** Server CPU time (user + system) from the release to the last answer, per attempt. */
  server_cpu_ms_per_attempt: number;
  /** Where the tail is: the buyers who got a unit (checkout and payment) and those told it is sold out. */
  sold_p99_ms: number;
  sold_out_p99_ms: number;
}

async function startServer(backend: string, variantId: string, units: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/flash-sale-server.ts', backend, variantId, String(units)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string) ?? 'null');
  const { url } = (await next()) as { url: string };
  return {
    url,
    mark() {
      child.stdin!.write('mark\n');
    },
    async stats(): Promise<{ onHand: number; reserved: number; cpuMs: number }> {
      child.stdin!.write('stats\n');
      return next();
    },
    async stop() {
      child.stdin!.write('exit\n');
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

export async function runFlashSale(backend: 'pglite' | 'postgres', options = { units: 200, attempts: 5_000, sockets: 256 }): Promise<FlashSaleResult> {
  const variantId = 'wireless-earbuds-black';
  const server = await startServer(backend, variantId, options.units);
  const client = createLoadClient(server.url, options.sockets);
  try {
    // Before the release: every shopper has a session (a first visit to the shop).
    const cookies: string[] = [];
    for (let i = 0; i < options.attempts; i += 500) {
      const batch = await Promise.all(Array.from({ length: Math.min(500, options.attempts - i) }, () => client.request('GET', '/api/me', undefined)));
      for (const r of batch) cookies.push(r.setCookie[0]!.split(';')[0]!);
    }

    // A shop that has been running: the checkout path is compiled and warm before the sale opens
    // (buyers of other items, some paying, some hearing that an item is sold out).
    await Promise.all(
      cookies.slice(0, 1_000).map(async (cookie, i) => {
        const checkout = await client.request('POST', '/api/checkout', { items: [{ variantId: i % 10 === 0 ? 'ceramic-mug-indigo' : 'signet-ring-9', quantity: 1 }], address }, { cookie, 'idempotency-key': `warm-${i}-${Date.now()}` });
        if (checkout.status === 201) await client.request('POST', '/api/payments/demo/confirm', { orderId: checkout.body.order.id, card }, { cookie });
      }),
    );

    const latencies: number[] = [];
    const soldLatencies: number[] = [];
    const soldOutLatencies: number[] = [];
    let sold = 0;
    let soldOut = 0;
    let errors5xx = 0;
    let otherErrors = 0;
    server.mark();
    const release = performance.now();
    await Promise.all(
      cookies.map(async (cookie, i) => {
        const headers = { cookie, 'idempotency-key': `flash-${i}-${release}` };
        const checkout = await client.request('POST', '/api/checkout', { items: [{ variantId, quantity: 1 }], address }, headers);
        let final = checkout;
        if (checkout.status === 201) {
          final = await client.request('POST', '/api/payments/demo/confirm', { orderId: checkout.body.order.id, card }, { cookie });
          if (final.status === 200 && final.body.status === 'paid') sold += 1;
        }
        const latency = performance.now() - release;
        latencies.push(latency);
        if (final.status === 200 && final.body.status === 'paid') soldLatencies.push(latency);
        if (final.status >= 500) errors5xx += 1;
        else if (final.status === 409 && final.body?.error?.code === 'SOLD_OUT') {
          soldOut += 1;
          soldOutLatencies.push(latency);
        }
        else if (!(final.status === 200 && final.body.status === 'paid')) otherErrors += 1;
      }),
    );
    const elapsed = performance.now() - release;
    latencies.sort((a, b) => a - b);
    const stats = await server.stats();
    return {
      units: options.units,
      attempts: options.attempts,
      sold,
      // Sold beyond the units there were, or stock driven below zero: both are overselling.
      oversold: Math.max(0, sold - options.units, -stats.onHand),
      sold_out_replies: soldOut,
      errors_5xx: errors5xx,
      other_errors: otherErrors,
      p50_ms: Math.round(percentile(latencies, 50)),
      p99_ms: Math.round(percentile(latencies, 99)),
      attempts_per_s: Math.round(options.attempts / (elapsed / 1000)),
      final_on_hand: stats.onHand,
      server_cpu_ms_per_attempt: Number((stats.cpuMs / options.attempts).toFixed(3)),
      sold_p99_ms: Math.round(percentile(soldLatencies.sort((a, b) => a - b), 99)),
      sold_out_p99_ms: Math.round(percentile(soldOutLatencies.sort((a, b) => a - b), 99)),
    };
  } finally {
    client.close();
    await server.stop();
  }
}

/** The same burst against a server that does no work: the p99 this machine allows at all. */
export async function runFloor(options = { attempts: 5_000, sockets: 256 }): Promise<{ attempts: number; p50_ms: number; p99_ms: number; attempts_per_s: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-http-server.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { url } = JSON.parse((await lines.next()).value as string) as { url: string };
  const client = createLoadClient(url, options.sockets);
  const send = (i: number) => client.request('POST', '/api/checkout', { items: [{ variantId: 'wireless-earbuds-black', quantity: 1 }], address }, { cookie: `sid=${i}`, 'idempotency-key': `floor-${i}` });
  await Promise.all(Array.from({ length: 1_000 }, (_, i) => send(i))); // warm, as the app is
  const latencies: number[] = [];
  const release = performance.now();
  await Promise.all(Array.from({ length: options.attempts }, async (_, i) => {
    await send(i);
    latencies.push(performance.now() - release);
  }));
  const elapsed = performance.now() - release;
  latencies.sort((a, b) => a - b);
  client.close();
  child.stdin!.write('exit\n');
  await new Promise((resolve) => child.on('exit', resolve));
  return {
    attempts: options.attempts,
    p50_ms: Math.round(percentile(latencies, 50)),
    p99_ms: Math.round(percentile(latencies, 99)),
    attempts_per_s: Math.round(options.attempts / (elapsed / 1000)),
  };
}

export async function flashSaleBenchmark() {
  const results: Record<string, object> = {};
  results.pglite = await runFlashSale('pglite');
  if (process.env.TEST_DATABASE_URL) results.postgres = await runFlashSale('postgres');
  // Run last, in the same conditions, so the app's figures can be read as ratios to it.
  results.bare_http_floor = await runFloor();
  return results;
}
