// Error codes shared by server and client: the server sends { error: { code, message } } and the
// client maps the code to a message in the user's language.
export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'SOLD_OUT',
  'INSUFFICIENT_STOCK',
  /** A flash deal's window is over (or stopped): its price no longer applies. */
  'DEAL_ENDED',
  /** A buyer asked for more deal units than the deal's per-buyer limit leaves them. */
  'DEAL_LIMIT_REACHED',
  'CART_EMPTY',
  'CURRENCY_MISMATCH',
  'DISCOUNT_INVALID',
  'DISCOUNT_EXPIRED',
  'DISCOUNT_EXHAUSTED',
  'DISCOUNT_MINIMUM_NOT_MET',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_MISMATCH',
  'ORDER_NOT_PAYABLE',
  'INVALID_TRANSITION',
  'PAYMENT_DECLINED',
  'PAYMENT_UNAVAILABLE',
  'NO_SAVED_PAYMENT_METHOD',
  'NO_SAVED_ADDRESS',
  'WRONG_PAYMENT_PROVIDER',
  'BAD_SIGNATURE',
  'ORIGIN_MISMATCH',
  /** Co-shopping rooms: the caller's session has not joined this room (show the join form). */
  'ROOM_NOT_MEMBER',
  /** The room's owner removed this member; they cannot rejoin. */
  'ROOM_REMOVED',
  /** The room has its full number of members. */
  'ROOM_FULL',
  /** A room's line is being paid or bought: it no longer changes. */
  'ROOM_LINE_LOCKED',
  /** A room limit (lines, comments per line) is reached. */
  'ROOM_LIMIT_REACHED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
