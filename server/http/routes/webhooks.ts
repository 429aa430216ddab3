import express, { Router } from 'express';
import { DomainError } from '../../domain/errors';
import type { Services } from '../../services';

/**
 * Stripe's webhook: verified on the raw body before anything is read (a bad or stale signature is
 * a 400), stored in the payments inbox by event id, acknowledged at once.
 */
export function webhookRoutes(s: Services): Router {
  const r = Router();
  r.post('/webhooks/stripe', express.raw({ type: () => true, limit: '512kb' }), async (req, res) => {
    if (!s.stripe) throw new DomainError('NOT_FOUND', 'Stripe is not configured on this server');
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const event = await s.stripe.parseWebhook(raw, req.get('stripe-signature'));
    const outcome = event ? await s.payments.receive(event) : 'ignored';
    res.json({ received: true, outcome });
  });
  return r;
}
