// Coalesces lookups made in the same turn of the event loop into one query, as DataLoader does.
// During a flash sale thousands of requests arrive together; this turns thousands of identical
// single-row queries into a handful of set queries without changing what each caller sees.

export type BatchLoader<K, V> = (key: K) => Promise<V | undefined>;

export function createBatchLoader<K, V>(
  loadMany: (keys: K[]) => Promise<Map<K, V>>,
  maxBatchSize = 2_000,
): BatchLoader<K, V> {
  let pending: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += maxBatchSize) {
      const slice = batch.slice(i, i + maxBatchSize);
      const keys = [...new Set(slice.map((p) => p.key))];
      loadMany(keys).then(
        (found) => slice.forEach((p) => p.resolve(found.get(p.key))),
        (error: unknown) => slice.forEach((p) => p.reject(error)),
      );
    }
  };

  return (key) =>
    new Promise((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // setImmediate runs after the current I/O phase, so requests parsed together batch together.
        setImmediate(flush);
      }
    });
}
