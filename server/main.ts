// Starts the whole app on its configured pieces: `npm start`.
import http from 'node:http';
import https from 'node:https';
import { attachRealtime } from './adapters/realtime';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { demoAccounts, seedDemo } from './domain/seed';
import { createServices } from './services';
import { startJobs } from './jobs';
import { loadOrCreateCertificate } from './tls';

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
  const app = buildApp(services, { clientDir: config.clientDir, log: (m) => console.error(m) });
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
  // HTTPS beside HTTP when asked: a phone on the LAN gets its camera only in a secure context.
  let secure: { server: https.Server; realtime: ReturnType<typeof attachRealtime> } | null = null;
  if (config.httpsPort !== null) {
    const certificate = await loadOrCreateCertificate(config.dataDir);
    const server = https.createServer({ key: certificate.key, cert: certificate.cert }, app);
    secure = { server, realtime: attachRealtime(server as unknown as http.Server, services, { log: (m) => console.error(m) }) };
    server.listen({ port: config.httpsPort, host: config.host, backlog: 8192 }, () => {
      const lan = certificate.hosts.filter((h) => h !== 'localhost' && h !== '127.0.0.1');
      log(`HTTPS (self-signed certificate in ${config.dataDir}/tls${certificate.created ? ', made now' : ''}):`);
      for (const host of ['localhost', ...lan]) log(`  https://${host}:${config.httpsPort}`);
      log('  On a phone on the same network, open one of these and accept the certificate warning once.');
    });
  }
  const stop = async () => {
    jobs.stop();
    await realtime.close();
    if (secure) {
      await secure.realtime.close();
      secure.server.close();
    }
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
