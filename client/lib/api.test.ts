import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, readableError } from './api';

function respond(status: number, body: unknown, init: { raw?: boolean } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, requestInit: RequestInit) => {
    calls.push({ url, init: requestInit });
    const text = init.raw ? String(body) : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { request: createApiClient(fetchImpl), calls };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

describe('api client', () => {
  it('sends JSON with same-origin credentials and parses the answer', async () => {
    const { request, calls } = respond(200, { ok: true });
    await expect(request('POST', '/api/cart/lines', { body: { variantId: 'v', quantity: 1 } })).resolves.toEqual({ ok: true });
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls[0]!.init.body).toBe('{"variantId":"v","quantity":1}');
  });

  it('does not claim a JSON body for a request without one', async () => {
    const { request, calls } = respond(200, {});
    await request('GET', '/api/me');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect(calls[0]!.init.body).toBeUndefined();
  });

  it('turns an error body into an ApiError with code, status and message', async () => {
    const { request } = respond(409, { error: { code: 'SOLD_OUT', message: 'Aviator Sunglasses (Gold) is sold out' } });
    const error = await failure(request('POST', '/api/cart/lines'));
    expect(error.code).toBe('SOLD_OUT');
    expect(error.status).toBe(409);
    expect(error.message).toBe('Aviator Sunglasses (Gold) is sold out');
  });

  it('keeps an unknown code as UNKNOWN with the server message', async () => {
    const { request } = respond(418, { error: { code: 'TEAPOT', message: 'I am a teapot' } });
    const error = await failure(request('GET', '/api/x'));
    expect(error.code).toBe('UNKNOWN');
    expect(error.message).toBe('I am a teapot');
  });

  it('survives an error page that is not JSON', async () => {
    const { request } = respond(502, '<html>Bad gateway</html>', { raw: true });
    const error = await failure(request('GET', '/api/products'));
    expect(error.code).toBe('UNKNOWN');
    expect(error.status).toBe(502);
  });

  it('reports a network failure as NETWORK', async () => {
    const request = createApiClient((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    const error = await failure(request('GET', '/api/me'));
    expect(error.code).toBe('NETWORK');
    expect(error.status).toBe(0);
  });

  it('lets an abort through untouched', async () => {
    const request = createApiClient((async () => {
      throw new DOMException('aborted', 'AbortError');
    }) as unknown as typeof fetch);
    await expect(request('GET', '/api/me')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('answers 204 with undefined', async () => {
    const { request } = respond(204, null);
    await expect(request('DELETE', '/api/x')).resolves.toBeUndefined();
  });
});

describe('readableError', () => {
  it('translates known codes', () => {
    const error = new ApiError('INSUFFICIENT_STOCK', 409, 'only 2 left');
    expect(readableError(error, 'en')).toBe('There are not enough left in stock for that quantity.');
    expect(readableError(error, 'ja')).toBe('ご希望の数量の在庫がありません。');
  });

  it('says "offline" for a network failure', () => {
    expect(readableError(new ApiError('NETWORK', 0, 'Failed to fetch'), 'en')).toMatch(/offline/);
  });

  it('falls back to the server message when the client has no words for the code', () => {
    expect(readableError(new ApiError('UNKNOWN', 500, 'Database is warming up'), 'ja')).toBe('Database is warming up');
  });

  it('has a generic sentence for anything else', () => {
    expect(readableError(new Error('boom'), 'en')).toBe('Something went wrong. Please try again.');
    expect(readableError(new ApiError('UNKNOWN', 500, ''), 'en')).toBe('Something went wrong. Please try again.');
  });
});
