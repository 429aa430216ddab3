import { Router, type Request } from 'express';
import { accountSettingsSchema, addressSchema, loginSchema, registerSchema, type Me } from '../../../common/api';
import type { Services } from '../../services';
import { RateLimiter, rateLimit } from '../security';
import { requireUser, sessionCookie, setSessionCookie } from '../session';
import { parseBody } from '../validate';

const emailOf = (body: unknown): string => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

export function authRoutes(s: Services): Router {
  const r = Router();
  const loginByIp = new RateLimiter(s.config.rateLimits.loginPerMinute * 5, 60_000);
  const loginByEmail = new RateLimiter(s.config.rateLimits.loginPerMinute, 60_000);
  const limitLogin = [
    rateLimit(loginByIp, (req) => `ip:${req.ip}`, 'Too many sign-in attempts; wait a minute'),
    // The body is not validated yet: only a string email names an account (String() on an object can throw).
    rateLimit(loginByEmail, (req) => `email:${emailOf(req.body).toLowerCase()}`, 'Too many sign-in attempts for this account; wait a minute'),
  ];

  async function me(req: Request): Promise<Me> {
    const session = req.session;
    const user = session?.user ?? null;
    const saved = user ? await s.payments.savedMethod(user.id) : null;
    return {
      user,
      session: { kind: user ? 'user' : 'guest' },
      savedPaymentMethod: saved && { provider: saved.provider, brand: saved.brand, last4: saved.last4, expMonth: saved.expMonth, expYear: saved.expYear },
      savedAddress: user ? await s.checkout.savedAddress(user.id) : null,
      settings: user ? await s.accounts.settingsOf(user.id) : null,
    };
  }

  r.get('/me', async (req, res) => {
    await req.ensureSession();
    res.json(await me(req));
  });

  r.post('/auth/register', ...limitLogin, async (req, res) => {
    const input = parseBody(registerSchema, req);
    const user = await s.accounts.register(input);
    const { token, session } = await s.accounts.signIn(req.session, user);
    setSessionCookie(req, res, token, s.accounts.sessionTtlMs, s.config.cookieSecure);
    req.session = session;
    res.status(201).json(await me(req));
  });

  r.post('/auth/login', ...limitLogin, async (req, res) => {
    const input = parseBody(loginSchema, req);
    const user = await s.accounts.authenticate(input.email, input.password);
    const { token, session } = await s.accounts.signIn(req.session, user);
    setSessionCookie(req, res, token, s.accounts.sessionTtlMs, s.config.cookieSecure);
    req.session = session;
    res.json(await me(req));
  });

  r.post('/auth/logout', async (req, res) => {
    if (req.session) await s.accounts.signOut(req.session);
    res.clearCookie(sessionCookie, { path: '/' });
    req.session = null;
    res.json(await me(req));
  });

  r.put('/account/address', async (req, res) => {
    const session = requireUser(req);
    await s.checkout.saveAddress(session.user.id, parseBody(addressSchema, req));
    res.json(await me(req));
  });

  r.put('/account/settings', async (req, res) => {
    const session = requireUser(req);
    await s.accounts.updateSettings(session.user.id, parseBody(accountSettingsSchema, req));
    res.json(await me(req));
  });

  r.delete('/account/payment-method', async (req, res) => {
    const session = requireUser(req);
    await s.payments.forgetSavedMethod(session.user.id);
    res.json(await me(req));
  });

  return r;
}
