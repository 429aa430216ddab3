// `npm run dev`: the API and the client on one port, with Vite's hot reload for the client.
import http from 'node:http';
import { createServer as createViteServer } from 'vite';
import { attachRealtime } from './adapters/realtime';
import { buildApp } from './app';
import { loadConfig } from './config';
import { startJobs } from './jobs';
import { demoAccounts, seedDemo } from './domain/seed';
import { createServices } from './services';

const config = loadConfig({ NODE_ENV: 'development', ...process.env });
const services = await createServices(config, console.log);
if (config.seedDemo && (await seedDemo(services.database.db, config.demoPassword))) {
  console.log(`Seeded the demo shop. Demo host: ${demoAccounts.host.email} / ${config.demoPassword}`);
}
const server = http.createServer();
const vite = await createViteServer({ server: { middlewareMode: true, hmr: { server } }, appType: 'spa' });
const app = buildApp(services, { log: console.error, mountClient: (a) => a.use(vite.middlewares) });
server.on('request', app);
// /ws upgrades only; Vite's hot-reload socket on the same server keeps its own.
attachRealtime(server, services, { log: console.error });
startJobs(services, console.log);
server.listen(config.port, () => console.log(`Dev server on http://localhost:${config.port} (Vite hot reload)`));
