// The server side of the live benchmark's fan-out and reaction parts: the real server (PGlite, the
// demo shop seeded) in its own process, so that the thousand WebSocket clients of bench/live.ts do
// not share its event loop. Prints {"url"} when ready; answers "cpu" (CPU ms since start) and
// "exit" on stdin.
import readline from 'node:readline';
import { startTestServer } from '../server/test/harness';

const server = await startTestServer({
  backend: 'pglite',
  env: { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_NEW_SESSIONS_PER_MINUTE: '1000000' },
});
console.log(JSON.stringify({ url: server.url }));

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === 'cpu') {
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }));
  } else if (line === 'exit') {
    await server.close();
    process.exit(0);
  }
}
