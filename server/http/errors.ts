// One error handler: every failure leaves as { error: { code, message } } with a fitting status.
// A 5xx never carries a stack trace or an internal message.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorBody, ErrorCode } from '../../common/errors';
import { DomainError } from '../domain/errors';

const statusOf: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  DISCOUNT_INVALID: 400,
  DISCOUNT_EXPIRED: 400,
  DISCOUNT_MINIMUM_NOT_MET: 400,
  BAD_SIGNATURE: 400,
  CART_EMPTY: 400,
  CURRENCY_MISMATCH: 400,
  NO_SAVED_ADDRESS: 400,
  NO_SAVED_PAYMENT_METHOD: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  ORIGIN_MISMATCH: 403,
  ROOM_NOT_MEMBER: 403,
  ROOM_REMOVED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  SOLD_OUT: 409,
  INSUFFICIENT_STOCK: 409,
  DEAL_ENDED: 409,
  DEAL_LIMIT_REACHED: 409,
  DISCOUNT_EXHAUSTED: 409,
  IDEMPOTENCY_MISMATCH: 409,
  ORDER_NOT_PAYABLE: 409,
  INVALID_TRANSITION: 409,
  WRONG_PAYMENT_PROVIDER: 409,
  ROOM_FULL: 409,
  ROOM_LINE_LOCKED: 409,
  ROOM_LIMIT_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  PAYMENT_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

export function errorHandler(log: (msg: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    // Too late for a JSON answer: Express's own handler closes the connection instead of leaving it hanging.
    if (res.headersSent) return next(error);
    if (error instanceof DomainError) {
      res.status(statusOf[error.code] ?? 400).json(errorBody(error.code, error.message, error.details));
      return;
    }
    if (error instanceof ZodError) {
      res.status(400).json(errorBody('VALIDATION_FAILED', describeZod(error), { issues: error.issues.map((i) => ({ path: i.path, message: i.message })) }));
      return;
    }
    // body-parser's own errors carry a status and a type.
    const e = (typeof error === 'object' && error !== null ? error : {}) as { status?: number; type?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large'));
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('BAD_REQUEST', 'The request body is not valid JSON'));
      return;
    }
    if (e.status === 415 || e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      res.status(415).json(errorBody('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON in UTF-8, in an encoding the server reads'));
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json(errorBody('BAD_REQUEST', 'The request could not be read'));
      return;
    }
    log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    res.status(500).json(errorBody('INTERNAL', 'Something went wrong on our side. Please try again.'));
  };
}

export function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
