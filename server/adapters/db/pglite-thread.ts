// The main-thread side of pglite-worker.mjs: an object with the part of PGlite's interface that
// drizzle's PGlite driver uses (query, transaction, close).
//
// PGlite has one connection, so statements run one after another in the worker, in the order they
// were posted. Plain queries are posted at once (they pipeline); a transaction holds a lock from
// BEGIN to COMMIT so that no other statement lands inside it.
import { Worker } from 'node:worker_threads';

interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface PGliteLike {
  query(sql: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<QueryResult>;
  transaction<T>(fn: (tx: Pick<PGliteLike, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
}

export function startPGliteThread(dir: string | null): PGliteLike {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dir } });
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let crashed: Error | null = null;

  worker.on('message', (message: { id: number; result?: unknown; error?: Record<string, string> }) => {
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.error) call.reject(Object.assign(new DatabaseError(message.error.message), message.error));
    else call.resolve(message.result);
  });
  worker.on('error', (error) => {
    crashed = error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });

  const post = (message: Record<string, unknown>): Promise<any> => {
    if (crashed) return Promise.reject(crashed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const run = (sql: string, params: unknown[] = [], rowMode: 'array' | 'object' = 'object'): Promise<QueryResult> =>
    post({ op: 'query', sql, params, rowMode });

  // The lock: a promise chain. A transaction takes it for its whole life; a plain query only long
  // enough to post itself behind any open transaction.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };

  return {
    query(sql, params, options) {
      // Hold the lock only to post (boxed, so the lock does not wait for the answer).
      return exclusive(async () => ({ answer: run(sql, params, options?.rowMode ?? 'object') })).then((posted) => posted.answer);
    },
    transaction(fn) {
      return exclusive(async () => {
        // BEGIN goes out without a wait of its own: the worker runs statements in the order posted,
        // so the first statement follows it at once, one round trip sooner. No answer is handed out
        // before BEGIN's, so a caller never sees a result from outside the transaction.
        const begun = run('BEGIN');
        begun.catch(() => undefined);
        try {
          const result = await fn({
            query: (sql, params, options) => {
              const answer = run(sql, params, options?.rowMode ?? 'object');
              // Should BEGIN fail, this answer is never handed out; its own failure must not go unhandled.
              answer.catch(() => undefined);
              return begun.then(() => answer);
            },
          });
          await begun;
          await run('COMMIT');
          return result;
        } catch (error) {
          await run('ROLLBACK');
          throw error;
        }
      });
    },
    async close() {
      await exclusive(() => post({ op: 'close' }));
      await worker.terminate();
    },
  };
}
