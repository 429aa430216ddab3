import express, { Router } from 'express';
import { z } from 'zod';
import { showTokenRequestSchema } from '../../../common/media';
import { DomainError } from '../../domain/errors';
import type { Services } from '../../services';
import { parseBody } from '../validate';

const showIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

/**
 * Media access for a show: the show's host gets a publishing grant, everyone else (signed in or a
 * guest) a watching one. Tokens are minted here only, never in a browser (DESIGN.md §3).
 */
export function mediaRoutes(s: Services): Router {
  const r = Router();
  r.post('/shows/:id/token', async (req, res) => {
    const body = parseBody(showTokenRequestSchema, req);
    const showId = showIdSchema.parse(req.params.id);
    const user = req.session?.user ?? null;
    // A guest needs a stable identity in the room: the session, created now on a first visit.
    const session = user ? req.session! : await req.ensureSession();
    const grant = await s.shows.mediaGrant(showId, {
      userId: user?.id ?? null,
      sessionId: session.id,
      // Signed-in people appear under their account's name, so nobody can pose as someone else.
      name: user?.displayName ?? body.displayName ?? 'Guest',
    });
    res.json(await s.media.access(grant));
  });
  return r;
}

/**
 * LiveKit's webhook: read as the exact text that was signed, verified before anything in it is
 * believed (a bad or missing signature is a 400 and changes nothing), then applied to the show.
 * Mounted before the JSON parser and the session, like the Stripe webhook.
 */
export function mediaWebhookRoutes(s: Services): Router {
  const r = Router();
  r.post('/webhooks/livekit', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    if (!s.media.parseWebhook) throw new DomainError('NOT_FOUND', 'LiveKit is not configured on this server');
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const event = await s.media.parseWebhook(raw, req.get('authorization'));
    const result = event ? await s.shows.applyMediaEvent(event) : { outcome: 'ignored' as const };
    res.json({ received: true, ...result });
  });
  return r;
}
