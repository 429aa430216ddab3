import { Router } from 'express';
import { z } from 'zod';
import { productListQuerySchema } from '../../../common/api';
import type { Services } from '../../services';
import { parseQuery } from '../validate';

const productIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

export function catalogRoutes(s: Services): Router {
  const r = Router();
  r.get('/products', async (req, res) => {
    res.json(await s.catalog.listProducts(parseQuery(productListQuerySchema, req)));
  });
  r.get('/products/:id', async (req, res) => {
    res.json(await s.catalog.getProduct(productIdSchema.parse(req.params.id)));
  });
  r.get('/shows', async (_req, res) => {
    res.json(await s.shows.listCurrent());
  });
  return r;
}
