// React bindings of the live-show core (show.ts): one store per mounted show, components read
// slices of it with selectors and re-render only when their slice changes.
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ShowDetail } from '../../../common/api';
import { apiRequest } from '../../lib/api';
import { getRealtime } from '../../lib/realtime';
import { applyDetail, connectShow, createShowStore, type ShowCoreState, type ShowStore } from './show';

/** The show's store while mounted: its detail fetched once (again on retry or a new lineup), its channel joined. */
export function useShowStore(showId: string): { store: ShowStore; error: unknown; retry: () => void } {
  const [store] = useState(createShowStore);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [lineupKey, setLineupKey] = useState('');

  useEffect(() => connectShow(store, getRealtime(), showId), [store, showId]);

  // A lineup change names products by id only: the detail describes the newcomers.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.lineup !== prev.lineup && s.lineup.some((id) => !s.products[id])) setLineupKey(s.lineup.join(','));
      }),
    [store],
  );

  useEffect(() => {
    const abort = new AbortController();
    apiRequest<ShowDetail>('GET', `/api/shows/${encodeURIComponent(showId)}`, { signal: abort.signal }).then(
      (detail) => {
        setError(null);
        applyDetail(store, detail);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      },
    );
    return () => abort.abort();
  }, [store, showId, attempt, lineupKey]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { store, error, retry };
}

export function useShow<T>(store: ShowStore, selector: (s: ShowCoreState) => T): T {
  return useStore(store, selector);
}

/** The server's clock by the realtime client's estimate, so countdowns end together everywhere. */
export const serverNow = () => getRealtime().serverNow();
