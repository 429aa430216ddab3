import type { Request } from 'express';
import type { z } from 'zod';

/** Parses a request part with a contract schema; a failure becomes a JSON 400 in the error handler. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.body ?? {});
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse({ ...req.query });
}
