import { Router } from 'express';
import { z } from 'zod';
import { addCartLineSchema, applyDiscountSchema, updateCartLineSchema } from '../../../common/api';
import type { Services } from '../../services';
import { parseBody } from '../validate';

const lineIdSchema = z.uuid();

export function cartRoutes(s: Services): Router {
  const r = Router();
  r.get('/cart', async (req, res) => {
    // Reading needs no session: a first-time visitor simply has an empty cart.
    res.json(await s.carts.getCart(req.session?.ownerKey ?? 'nobody'));
  });
  r.post('/cart/lines', async (req, res) => {
    const input = parseBody(addCartLineSchema, req);
    const session = await req.ensureSession();
    res.status(201).json(await s.carts.addLine(session.ownerKey, input.variantId, input.quantity));
  });
  r.patch('/cart/lines/:lineId', async (req, res) => {
    const lineId = lineIdSchema.parse(req.params.lineId);
    const input = parseBody(updateCartLineSchema, req);
    const session = await req.ensureSession();
    res.json(await s.carts.updateLine(session.ownerKey, lineId, input.quantity));
  });
  r.delete('/cart/lines/:lineId', async (req, res) => {
    const lineId = lineIdSchema.parse(req.params.lineId);
    const session = await req.ensureSession();
    res.json(await s.carts.removeLine(session.ownerKey, lineId));
  });
  r.post('/cart/discount', async (req, res) => {
    const input = parseBody(applyDiscountSchema, req);
    const session = await req.ensureSession();
    res.json(await s.carts.applyDiscount(session.ownerKey, input.code));
  });
  r.delete('/cart/discount', async (req, res) => {
    const session = await req.ensureSession();
    res.json(await s.carts.removeDiscount(session.ownerKey));
  });
  return r;
}
