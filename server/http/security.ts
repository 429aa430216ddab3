// Request hygiene: security headers, origin check on state-changing requests, content type,
// and in-memory rate limits.
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { DomainError } from '../domain/errors';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function securityHeaders(options: { stripe: boolean }) {
  const stripeSrc = options.stripe ? ['https://js.stripe.com', 'https://*.stripe.com'] : [];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...stripeSrc],
        // connect-src 'self' also keeps MediaPipe's usage logs from leaving the browser.
        connectSrc: ["'self'", ...(options.stripe ? ['https://api.stripe.com'] : [])],
        frameSrc: ["'self'", ...stripeSrc],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Headers for JSON API answers. The document-oriented ones (CSP, COOP…) ride on pages and static
 * files, where they mean something; an API answer needs only these, set without per-request work.
 */
const apiHeaderList: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Cache-Control', 'no-store'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

export function apiHeaders(_req: Request, res: Response, next: NextFunction) {
  for (const [name, value] of apiHeaderList) res.setHeader(name, value);
  next();
}

/**
 * Cross-site request forgery guard: a browser request that changes state must come from one of our
 * origins. Requests without Origin or Sec-Fetch-Site come from non-browser clients, which carry no
 * ambient cookies of a victim.
 */
export function originCheck(allowedOrigins: string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!stateChanging.has(req.method) || req.originalUrl.startsWith('/api/webhooks/')) return next();
    const origin = req.headers.origin;
    if (origin) {
      let host: string | null;
      try {
        host = new URL(origin).host;
      } catch {
        host = null;
      }
      if (host !== req.headers.host && !allowedOrigins.includes(origin)) {
        return next(new DomainError('ORIGIN_MISMATCH', 'This request came from another site'));
      }
    } else if (req.headers['sec-fetch-site'] === 'cross-site') {
      return next(new DomainError('ORIGIN_MISMATCH', 'This request came from another site'));
    }
    next();
  };
}

/** A body must be JSON: anything else is refused rather than silently read as empty. */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
  if (!stateChanging.has(req.method) || req.originalUrl.startsWith('/api/webhooks/')) return next();
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  // application/json, optionally with parameters (charset); +json suffixes are not ours to accept.
  if (hasBody && !/^application\/json\s*(;|$)/i.test(type)) {
    return next(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json'));
  }
  next();
}

/** A fixed-window counter per key. Enough for one process; at scale it moves to a shared store. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; false when the key is over its limit in this window. */
  take(key: string): boolean {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.prune(t);
      this.windows.set(key, { start: t, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  private prune(t: number) {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}

export function rateLimit(limiter: RateLimiter, keyOf: (req: Request) => string, message: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!limiter.take(keyOf(req))) {
      res.setHeader('Retry-After', '60');
      return next(new DomainError('RATE_LIMITED', message));
    }
    next();
  };
}
