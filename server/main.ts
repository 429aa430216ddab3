// Starts the whole app on its configured pieces: `npm start`.
import http from 'node:http';
import { attachRealtime } from './adapters/realtime';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { demoAccounts, seedDemo } from './domain/seed';
import { createServices } from './services';
import { startJobs } from './jobs';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = config.logLevel === 'silent' ? () => undefined : (msg: string) => console.log(msg);
  const services = await createServices(config, log);
  if (config.seedDemo && (await seedDemo(services.database.db, config.demoPassword))) {
    log(`Seeded the demo shop. Sign in as the demo host: ${demoAccounts.host.email} / ${config.demoPassword}`);
    log(`                         or as the admin:     ${demoAccounts.admin.email} / ${config.demoPassword}`);
  }
  const app = buildApp(services, { log: (m) => console.error(m) });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, services, { log: (m) => console.error(m) });
  const jobs = startJobs(services, log);
  // A flash sale opens thousands of connections at once: a deep accept queue keeps them from
  // being dropped and retried a second later.
  server.listen({ port: config.port, host: config.host, backlog: 8192 }, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log(`Live shop on http://localhost:${port}  (database: ${services.health.database}, payments: ${services.health.payments}, media: ${services.health.media}, realtime: ${services.health.realtime})`);
  });
  const stop = async () => {
    jobs.stop();
    await realtime.close();
    server.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
