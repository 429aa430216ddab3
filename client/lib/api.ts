// The one way the client talks to the server: JSON over fetch, errors as ApiError.
// The server answers failures with { error: { code, message } } (common/errors.ts); the client shows
// its own translation of a known code and falls back to the server's message otherwise.
import { errorCodes, type ErrorCode } from '../../common/errors';
import { translateOptional, translate, type Locale } from './i18n';

/** Codes the client adds for failures that never reached the server's error handler. */
export type ClientErrorCode = 'NETWORK' | 'UNKNOWN';

export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode | ClientErrorCode,
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type ApiRequest = <T>(method: HttpMethod, path: string, options?: RequestOptions) => Promise<T>;

const knownCodes = new Set<string>(errorCodes);

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Reads an error body defensively: a proxy or a crashed server may answer with HTML or nothing. */
async function toApiError(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => null);
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' && knownCodes.has(error.code) ? (error.code as ErrorCode) : 'UNKNOWN';
  const message = typeof error?.message === 'string' && error.message ? error.message : `${response.status} ${response.statusText}`.trim();
  return new ApiError(code, response.status, message, error?.details);
}

export function createApiClient(fetchImpl: typeof fetch): ApiRequest {
  return async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetchImpl(path, init);
    } catch (error) {
      // An abort is the caller's own decision, not a failure to report.
      if (isAbort(error)) throw error;
      throw new ApiError('NETWORK', 0, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('UNKNOWN', response.status, 'The server sent a response that is not JSON');
    }
  };
}

// Resolved at call time so that tests (and a future service worker) can replace globalThis.fetch.
export const apiRequest: ApiRequest = createApiClient((input, init) => globalThis.fetch(input, init));

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** The sentence to show a user for any failure, in their language. */
export function readableError(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) {
    // UNKNOWN means the client has no words of its own, so the server's sentence is the best there is.
    const own = error.code === 'UNKNOWN' ? null : translateOptional(locale, `error.${error.code}`);
    return own ?? (error.message || translate(locale, 'error.UNKNOWN'));
  }
  return translate(locale, 'error.UNKNOWN');
}

export { isAbort };
