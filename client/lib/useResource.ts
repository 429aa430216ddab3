// One GET that a page shows: loading, the data, or an error with a retry.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api';

export type ResourceState<T> =
  | { status: 'loading'; data: T | undefined; error: null; reload(): void }
  | { status: 'ready'; data: T; error: null; reload(): void }
  | { status: 'error'; data: T | undefined; error: unknown; reload(): void };

interface Settled<T> {
  key: string;
  attempt: number;
  data?: T;
  error?: unknown;
  ok: boolean;
}

/**
 * Loads whenever `key` changes (null: wait). `load` may change on every render; only `key` decides
 * when to fetch, so callers put everything the request depends on into the key.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ResourceState<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, data, ok: true });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setSettled({ key, attempt, error, ok: false });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // Data from an earlier attempt for the same key stays visible while a reload runs.
  const sameKey = settled !== null && settled.key === key;
  const current = sameKey && settled.attempt === attempt ? settled : null;
  const stale = sameKey && settled.ok ? settled.data : undefined;
  if (!current) return { status: 'loading', data: stale, error: null, reload };
  if (current.ok) return { status: 'ready', data: current.data as T, error: null, reload };
  return { status: 'error', data: stale, error: current.error, reload };
}
