import { Router } from 'express';
import { z } from 'zod';
import { createShowSchema, pinProductSchema, showListQuerySchema, startDealSchema, updateShowSchema } from '../../../common/api';
import type { Services } from '../../services';
import { requireRole } from '../session';
import { parseBody, parseQuery } from '../validate';

const showIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);
const productIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);
const dealIdSchema = z.uuid();

/** The host's studio: shows, going live, pins and flash deals. Viewers read a show's detail. */
export function showRoutes(s: Services): Router {
  const r = Router();

  // `GET /shows` lists what viewers see (catalog routes); with ?mine=1 it is a host's own list, ended shows included.
  r.get('/shows', async (req, res, next) => {
    if (req.query.mine === undefined) return next();
    parseQuery(showListQuerySchema, req);
    const session = requireRole(req, 'host', 'admin');
    res.json(await s.studio.listMine(session.user.id));
  });

  r.post('/shows', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.status(201).json(await s.studio.create(session.user, parseBody(createShowSchema, req)));
  });

  r.get('/shows/:id', async (req, res) => {
    res.json(await s.studio.detail(showIdSchema.parse(req.params.id)));
  });

  r.patch('/shows/:id', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.json(await s.studio.update(session.user, showIdSchema.parse(req.params.id), parseBody(updateShowSchema, req)));
  });

  r.post('/shows/:id/live', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.json(await s.studio.goLive(session.user, showIdSchema.parse(req.params.id)));
  });

  r.post('/shows/:id/end', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.json(await s.studio.end(session.user, showIdSchema.parse(req.params.id)));
  });

  r.post('/shows/:id/pins', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    const { productId } = parseBody(pinProductSchema, req);
    res.json({ pins: await s.studio.pin(session.user, showIdSchema.parse(req.params.id), productId) });
  });

  r.delete('/shows/:id/pins/:productId', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.json({ pins: await s.studio.unpin(session.user, showIdSchema.parse(req.params.id), productIdSchema.parse(req.params.productId)) });
  });

  r.post('/shows/:id/deals', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.status(201).json(await s.studio.startDeal(session.user, showIdSchema.parse(req.params.id), parseBody(startDealSchema, req)));
  });

  r.post('/shows/:id/deals/:dealId/stop', async (req, res) => {
    const session = requireRole(req, 'host', 'admin');
    res.json(await s.studio.stopDeal(session.user, showIdSchema.parse(req.params.id), dealIdSchema.parse(req.params.dealId)));
  });

  return r;
}
