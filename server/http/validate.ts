import type { Request } from 'express';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';

/** Parses a request part with a contract schema; a failure becomes a JSON 400 in the error handler. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const body = req.body ?? {};
  rejectNulCharacters(body);
  return schema.parse(body);
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const query = { ...req.query };
  rejectNulCharacters(query);
  return schema.parse(query);
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000: such a string would fail in the database as a 500.
 * It is never meaningful input, so it is refused up front as a 400.
 */
function rejectNulCharacters(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw new DomainError('VALIDATION_FAILED', 'Text must not contain NUL characters');
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) throw new DomainError('VALIDATION_FAILED', 'Text must not contain NUL characters');
        stack.push(child);
      }
    }
  }
}
