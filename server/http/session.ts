// Server-side sessions in an httpOnly SameSite=Lax cookie. Every visitor can get one; a guest's
// is anonymous and can hold a cart. Sessions are created only when a request needs one.
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Accounts, SessionInfo } from '../domain/accounts';
import { DomainError } from '../domain/errors';
import type { RateLimiter } from './security';

export const sessionCookie = 'sid';

declare module 'express-serve-static-core' {
  interface Request {
    session: SessionInfo | null;
    /** The visitor's session, created now for a first-time guest. */
    ensureSession(): Promise<SessionInfo>;
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number, secure: boolean | 'auto') {
  res.cookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure === 'auto' ? req.secure : secure,
    path: '/',
    maxAge: maxAgeMs,
  });
}

export function sessionMiddleware(accounts: Accounts, cookieSecure: boolean | 'auto', newSessionLimiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = readCookie(req.headers.cookie, sessionCookie);
    req.session = token ? await accounts.resolveSession(token) : null;
    req.ensureSession = async () => {
      if (req.session) return req.session;
      if (!newSessionLimiter.take(`ip:${req.ip}`)) {
        res.setHeader('Retry-After', '60');
        throw new DomainError('RATE_LIMITED', 'Too many new sessions from this address; wait a minute');
      }
      const created = await accounts.createGuestSession();
      setSessionCookie(req, res, created.token, accounts.sessionTtlMs, cookieSecure);
      req.session = created.session;
      return created.session;
    };
    next();
  };
}

export function requireUser(req: Request): SessionInfo & { user: NonNullable<SessionInfo['user']> } {
  if (!req.session?.user) throw new DomainError('UNAUTHENTICATED', 'Please sign in');
  return req.session as SessionInfo & { user: NonNullable<SessionInfo['user']> };
}

export function requireRole(req: Request, ...roles: ('host' | 'admin')[]) {
  const session = requireUser(req);
  if (!roles.includes(session.user.role as 'host' | 'admin')) {
    throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
  }
  return session;
}

/**
 * A long-lived browser id in its own httpOnly cookie, apart from the session: it outlives sign-out
 * and a cleared session cookie, so a chat ban on a browser holds for every new guest session from it.
 * Set only when a request needs it (chatting, voting, asking).
 */
export const browserCookie = 'bid';
const browserCookieMaxAgeMs = 365 * 86_400_000;
const browserIdPattern = /^[A-Za-z0-9_-]{22,64}$/;

/** The browser id from a Cookie header (an HTTP request or a WebSocket upgrade); null when absent or malformed. */
export function readBrowserId(cookieHeader: string | undefined): string | null {
  const value = readCookie(cookieHeader, browserCookie);
  return value && browserIdPattern.test(value) ? value : null;
}

/** The request's browser id, set now (random, one year) on a browser's first need. */
export function ensureBrowserId(req: Request, res: Response, secure: boolean | 'auto'): string {
  const existing = readBrowserId(req.headers.cookie);
  if (existing) return existing;
  const created = crypto.randomBytes(16).toString('base64url');
  res.cookie(browserCookie, created, { httpOnly: true, sameSite: 'lax', secure: secure === 'auto' ? req.secure : secure, path: '/', maxAge: browserCookieMaxAgeMs });
  // A second call in the same request sees it too.
  req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${browserCookie}=${created}` : `${browserCookie}=${created}`;
  return created;
}
