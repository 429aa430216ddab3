// PGlite in a worker thread: PostgreSQL's work (WebAssembly) runs beside the HTTP event loop
// instead of on it. Plain JavaScript so that it loads the same under tsx, vitest and node.
// Messages: { id, op: 'query', sql, params, rowMode } | { id, op: 'close' }.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';

// Dates and intervals stay text, as drizzle's own PGlite driver asks (it parses them itself).
const asText = (value) => value;
const parsers = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((oid) => [oid, asText]),
);

// Given once: per query, PGlite would copy its whole table of type parsers to merge them in.
const db = workerData.dir ? new PGlite(workerData.dir, { parsers }) : new PGlite({ parsers });

parentPort.on('message', async (message) => {
  try {
    if (message.op === 'close') {
      await db.close();
      parentPort.postMessage({ id: message.id, result: null });
      return;
    }
    const result = await db.query(message.sql, message.params, { rowMode: message.rowMode });
    parentPort.postMessage({ id: message.id, result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows } });
  } catch (error) {
    // Keep what callers look at (the SQLSTATE code above all: 23505 is a unique violation).
    const e = error ?? {};
    parentPort.postMessage({
      id: message.id,
      error: { message: e.message ?? String(error), code: e.code, detail: e.detail, constraint: e.constraint, severity: e.severity, table: e.table, column: e.column },
    });
  }
});
