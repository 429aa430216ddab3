// The server side of the flash-sale benchmark, in its own process so that the load generator
// does not share its event loop. Prints {"url"} when ready; answers "mark" (start counting CPU
// time), "stats" (stock and CPU time since the mark) and "exit" on stdin.
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

let cpuAtMark = process.cpuUsage();
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === 'mark') {
    cpuAtMark = process.cpuUsage();
  } else if (line === 'stats') {
    const cpu = process.cpuUsage(cpuAtMark);
    const [row] = await server.services.database.db.select().from(stock).where(eq(stock.variantId, variantId));
    console.log(JSON.stringify({ onHand: row!.onHand, reserved: row!.reserved, cpuMs: (cpu.user + cpu.system) / 1000 }));
  } else if (line === 'exit') {
    await server.close();
    process.exit(0);
  }
}
