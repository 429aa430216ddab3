// Builds the Express app from its dependencies (no listen), so tests run the real app on an
// ephemeral port.
import path from 'node:path';
import express, { type Express } from 'express';
import type { Health } from '../common/api';
import { errorHandler, notFoundHandler } from './http/errors';
import { authRoutes } from './http/routes/auth';
import { cartRoutes } from './http/routes/cart';
import { catalogRoutes } from './http/routes/catalog';
import { engagementRoutes } from './http/routes/engagement';
import { mediaRoutes, mediaWebhookRoutes } from './http/routes/media';
import { orderRoutes } from './http/routes/orders';
import { roomRoutes, roomSnapshotRoutes } from './http/routes/rooms';
import { showRoutes } from './http/routes/shows';
import { webhookRoutes } from './http/routes/webhooks';
import { apiHeaders, originCheck, RateLimiter, rateLimit, requireJsonBody, securityHeaders } from './http/security';
import { sessionMiddleware } from './http/session';
import { serveClient } from './http/static';
import type { Services } from './services';

export const version = '0.1.0';

export interface AppOptions {
  /** Where the built client is (default dist/client). */
  clientDir?: string;
  /** Serves the client another way (the dev server mounts Vite here). */
  mountClient?: (app: Express) => void;
  log?: (msg: string) => void;
}

export function buildApp(s: Services, options: AppOptions = {}) {
  const log = options.log ?? (() => undefined);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // API answers are never cached by validators; hashing every JSON body for an ETag is waste.
  app.set('etag', false);
  app.use('/api', apiHeaders);

  app.get('/api/health', (_req, res) => {
    const body: Health = { ok: true, version, ...s.health };
    res.json(body);
  });

  // Webhooks first: they need the raw body and carry no session or origin.
  app.use('/api', webhookRoutes(s));
  app.use('/api', mediaWebhookRoutes(s));

  const writes = new RateLimiter(s.config.rateLimits.writesPerMinute, 60_000);
  const newSessions = new RateLimiter(s.config.rateLimits.newSessionsPerMinute, 60_000);
  // Try-on snapshots are images, not JSON: their route reads its own body, behind the same guards.
  app.use(
    '/api',
    roomSnapshotRoutes(s, [
      originCheck(s.config.allowedOrigins),
      sessionMiddleware(s.accounts, s.config.cookieSecure, newSessions),
      rateLimit(writes, (r) => (r.session ? `s:${r.session.id}` : `ip:${r.ip}`), 'Too many requests; slow down a little'),
    ]),
  );
  app.use('/api', originCheck(s.config.allowedOrigins), requireJsonBody, express.json({ limit: '32kb', strict: true }));
  app.use('/api', sessionMiddleware(s.accounts, s.config.cookieSecure, newSessions));
  app.use(
    '/api',
    (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : rateLimit(writes, (r) => (r.session ? `s:${r.session.id}` : `ip:${r.ip}`), 'Too many requests; slow down a little')(req, res, next)),
  );
  // The host's studio; first, because it answers GET /shows?mine=1 before the public list does.
  app.use('/api', showRoutes(s));
  app.use('/api', catalogRoutes(s), authRoutes(s), cartRoutes(s), orderRoutes(s), mediaRoutes(s));
  // Chat, moderation, polls and Q&A of a show.
  app.use('/api', engagementRoutes(s));
  // Co-shopping rooms (the invite in X-Room-Invite on every request).
  app.use('/api', roomRoutes(s));
  app.use('/api', notFoundHandler);

  // Documents and static files get the full set of security headers (CSP and friends).
  app.use(securityHeaders({ stripe: s.health.payments === 'stripe' }));
  if (options.mountClient) options.mountClient(app);
  else serveClient(app, options.clientDir ?? path.resolve('dist/client'));
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
