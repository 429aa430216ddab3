// The server side of the flash-sale benchmark, in its own process so that the load generator
// does not share its event loop. Prints {"url"} when ready; answers "mark" (start counting CPU
// time), "stats" (stock and CPU time since the mark) and "exit" on stdin.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import readline from 'node:readline';
import { eq } from 'drizzle-orm';
import { stock } from '../server/adapters/db/schema';
import { startTestServer, type Backend } from '../server/test/harness';

const backend = (process.argv[2] ?? 'pglite') as Backend;
const variantId = process.argv[3]!;
const units = Number(process.argv[4]);

const server = await startTestServer({
  backend,
  env: { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_NEW_SESSIONS_PER_MINUTE: '1000000' },
});
await server.services.inventory.setStock(variantId, units);
// The warm-up buys of bench/flash-sale.ts: a hundred mugs to pay for, and a ring that is sold out.
await server.services.inventory.setStock('ceramic-mug-indigo', 1_000);
await server.services.inventory.setStock('signet-ring-9', 0);
console.log(JSON.stringify({ url: server.url }));

// BENCH_PROFILE=file.cpuprofile: a CPU profile of the main thread from the mark to the stats.
const profileTo = process.env.BENCH_PROFILE;
const inspector = profileTo ? new Session() : null;
inspector?.connect();
await inspector?.post('Profiler.enable');

let cpuAtMark = process.cpuUsage();
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === 'mark') {
    await inspector?.post('Profiler.start');
    cpuAtMark = process.cpuUsage();
  } else if (line === 'stats') {
    const cpu = process.cpuUsage(cpuAtMark);
    if (inspector) writeFileSync(profileTo!, JSON.stringify((await inspector.post('Profiler.stop')).profile));
    const [row] = await server.services.database.db.select().from(stock).where(eq(stock.variantId, variantId));
    console.log(JSON.stringify({ onHand: row!.onHand, reserved: row!.reserved, cpuMs: (cpu.user + cpu.system) / 1000 }));
  } else if (line === 'exit') {
    await server.close();
    process.exit(0);
  }
}
