import type { ErrorCode } from '../../common/errors';

/** A rule of the business said no. The HTTP layer maps the code to a status (http/errors.ts). */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
