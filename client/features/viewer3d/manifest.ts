// The models' manifest (public/models/manifest.json, built by models/): fetched once per tab, shared
// by every viewer. React-free; useModelEntry.ts binds it.
import { modelManifestPath, type ModelManifest, type ModelManifestEntry } from '../../../common/models';

export type ManifestState =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; manifest: ModelManifest }
  | { status: 'failed'; error: string };

let state: ManifestState = { status: 'idle' };
const listeners = new Set<() => void>();

const set = (next: ManifestState) => {
  state = next;
  for (const listener of [...listeners]) listener();
};

/** Reads a manifest, refusing anything that is not the shape models/ writes. */
export function parseManifest(json: unknown): ModelManifest {
  const m = json as Partial<ModelManifest> | null;
  if (!m || m.version !== 1 || !Array.isArray(m.models)) throw new Error('The model manifest is not version 1 with a list of models');
  for (const entry of m.models) {
    if (typeof entry?.productId !== 'string' || typeof entry.file !== 'string' || !entry.camera || !entry.variants) {
      throw new Error(`A model manifest entry is incomplete: ${JSON.stringify(entry).slice(0, 80)}`);
    }
  }
  return m as ModelManifest;
}

export function loadManifest(fetchImpl: typeof fetch = fetch): void {
  if (state.status === 'loading' || state.status === 'ready') return;
  set({ status: 'loading' });
  fetchImpl(modelManifestPath, { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw new Error(`The model manifest answered ${res.status}`);
      set({ status: 'ready', manifest: parseManifest(await res.json()) });
    })
    .catch((error: unknown) => set({ status: 'failed', error: error instanceof Error ? error.message : String(error) }));
}

export const manifestStore = {
  getState: () => state,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function findModel(manifest: ModelManifest, productId: string): ModelManifestEntry | null {
  return manifest.models.find((m) => m.productId === productId) ?? null;
}
