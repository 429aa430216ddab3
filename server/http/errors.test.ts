// The one error handler: what leaves the server for each kind of failure.
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { errorHandler } from './errors';

function fakeResponse(headersSent = false) {
  const res = {
    headersSent,
    statusCode: 200,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      return res;
    },
    setHeader(name: string, value: string) {
      res.headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader(name: string) {
      return res.headers[name.toLowerCase()];
    },
  };
  return res;
}

function handle(error: unknown, options: { headersSent?: boolean } = {}) {
  const logged: string[] = [];
  const nextCalls: unknown[] = [];
  const res = fakeResponse(options.headersSent);
  const next: NextFunction = (e?: unknown) => {
    nextCalls.push(e);
  };
  errorHandler((m) => logged.push(m))(error, {} as Request, res as unknown as Response, next);
  return { res, logged, nextCalls };
}

describe('errorHandler', () => {
  it('answers an unexpected error with a bare 500 INTERNAL: no stack, no internal message', () => {
    const error = new Error('connection to db-primary.internal:5432 refused (password=hunter2)');
    const { res, logged } = handle(error);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('db-primary');
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/\bat\s+\S+\s+\(|errors\.test\.ts|node_modules/);
    expect(text).not.toContain(error.stack!.split('\n')[1]!.trim());
    // The details go to the log, where an operator can read them.
    expect(logged.join('\n')).toContain('db-primary.internal');
    expect(logged.join('\n')).toContain('errors.test.ts');
  });

  it('treats a thrown non-Error (a string, an object) the same way', () => {
    for (const thrown of ['secret string', { status: 503, message: 'upstream secret' }, null]) {
      const { res } = handle(thrown);
      expect(res.statusCode).toBe(500);
      expect((res.body as { error: { code: string } }).error.code).toBe('INTERNAL');
      expect(JSON.stringify(res.body)).not.toContain('secret');
    }
  });

  it('maps a domain error to its status with its code and message', () => {
    const { res, logged } = handle(new DomainError('SOLD_OUT', 'Sold out', { variantId: 'v1' }));
    expect(res.statusCode).toBe(409);
    expect(res.body).toEqual({ error: { code: 'SOLD_OUT', message: 'Sold out', details: { variantId: 'v1' } } });
    expect(logged).toEqual([]);
    expect(handle(new DomainError('UNAUTHENTICATED', 'Please sign in')).res.statusCode).toBe(401);
    expect(handle(new DomainError('FORBIDDEN', 'No')).res.statusCode).toBe(403);
    expect(handle(new DomainError('RATE_LIMITED', 'Slow down')).res.statusCode).toBe(429);
  });

  it('maps a validation error to 400 VALIDATION_FAILED with the failing paths', () => {
    const parsed = z.strictObject({ quantity: z.number().int() }).safeParse({ quantity: 1.5 });
    const { res } = handle(parsed.error);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { issues: [{ path: ['quantity'] }] } } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/^quantity: /);
  });

  it('maps body-parser failures to 400, 413 and 415', () => {
    expect(handle(Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' })).res.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const tooLarge = handle(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' })).res;
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const charset = handle(Object.assign(new Error('unsupported charset "KOI8-R"'), { status: 415, type: 'charset.unsupported' })).res;
    expect(charset.statusCode).toBe(415);
    expect(charset.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(JSON.stringify(charset.body)).not.toContain('KOI8');
  });

  it('hands an error after the headers went out to Express, which closes the connection', () => {
    const error = new Error('late failure');
    const { res, nextCalls } = handle(error, { headersSent: true });
    expect(nextCalls).toEqual([error]);
    expect(res.body).toBeUndefined();
  });
});
