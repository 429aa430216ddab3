import { Router, type Request } from 'express';
import { z } from 'zod';
import { checkoutSchema, demoConfirmSchema, idempotencyKeySchema, orderListQuerySchema } from '../../../common/api';
import { DomainError } from '../../domain/errors';
import type { Viewer } from '../../domain/orders';
import type { Services } from '../../services';
import { requireRole } from '../session';
import { parseBody, parseQuery } from '../validate';

const orderIdSchema = z.uuid();

function viewerOf(req: Request): Viewer {
  if (!req.session) throw new DomainError('NOT_FOUND', 'Order not found');
  return { ownerKey: req.session.ownerKey, role: req.session.user?.role ?? null };
}

export function orderRoutes(s: Services): Router {
  const r = Router();

  r.post('/checkout', async (req, res) => {
    const body = parseBody(checkoutSchema, req);
    const rawKey = req.get('Idempotency-Key');
    if (!rawKey) throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header with each checkout');
    const key = idempotencyKeySchema.safeParse(rawKey);
    if (!key.success) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 8–100 letters, digits or _:.-');
    const session = await req.ensureSession();
    res.status(201).json(await s.checkout.createCheckout(session, body, key.data));
  });

  r.post('/payments/demo/confirm', async (req, res) => {
    const input = parseBody(demoConfirmSchema, req);
    if (!s.demo) throw new DomainError('WRONG_PAYMENT_PROVIDER', 'This shop takes payments through Stripe');
    // Only the buyer pays: an admin may read any order, but not pay for it.
    const viewer = { ...viewerOf(req), role: null };
    const row = await s.orders.ownedRow(viewer, input.orderId);
    if (row.paymentProvider !== 'demo' || !row.paymentRef) throw new DomainError('WRONG_PAYMENT_PROVIDER', 'This order is not paid through the demo provider');
    if (row.status !== 'pending') throw new DomainError('ORDER_NOT_PAYABLE', `This order is already ${row.status}`);
    const user = req.session?.user ?? null;
    if (input.useSavedPaymentMethod) {
      const saved = user ? await s.payments.savedMethod(user.id) : null;
      if (!saved) throw new DomainError('NO_SAVED_PAYMENT_METHOD', 'There is no saved card');
      await s.demo.charge(row.paymentRef, { saved });
    } else {
      await s.demo.charge(row.paymentRef, { card: input.card!, save: input.saveCard && user ? { userId: user.id } : null });
    }
    res.json(await s.orders.get(viewer, row.id));
  });

  r.get('/orders', async (req, res) => {
    const q = parseQuery(orderListQuerySchema, req);
    if (!req.session) {
      res.json({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
      return;
    }
    res.json(await s.orders.list(viewerOf(req), q.page, q.pageSize));
  });

  r.get('/orders/:id', async (req, res) => {
    res.json(await s.orders.get(viewerOf(req), orderIdSchema.parse(req.params.id)));
  });

  /** The payment session of the buyer's pending order: resume paying after a reload or from another device. */
  r.get('/orders/:id/payment', async (req, res) => {
    const viewer = { ...viewerOf(req), role: null };
    const row = await s.orders.ownedRow(viewer, orderIdSchema.parse(req.params.id));
    if (row.status !== 'pending') throw new DomainError('ORDER_NOT_PAYABLE', `This order is already ${row.status}`);
    res.json(await s.checkout.paymentSessionOf(row));
  });

  r.post('/orders/:id/cancel', async (req, res) => {
    res.json(await s.checkout.cancelByShopper(viewerOf(req), orderIdSchema.parse(req.params.id)));
  });

  r.post('/orders/:id/fulfil', async (req, res) => {
    requireRole(req, 'admin');
    res.json(await s.checkout.fulfil(orderIdSchema.parse(req.params.id)));
  });

  r.post('/orders/:id/refund', async (req, res) => {
    requireRole(req, 'admin');
    res.json(await s.checkout.refund(orderIdSchema.parse(req.params.id)));
  });

  return r;
}
