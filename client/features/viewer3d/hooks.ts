// Thin React bindings of the viewer's cores: the manifest entry of a product, a viewer core per
// mounted viewer, a show's demo feed, and preloading a model when its product comes into view.
import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import type { ModelManifestEntry } from '../../../common/models';
import { getRealtime } from '../../lib/realtime';
import { createDemoFollower, createViewer, type DemoFollower, type Viewer } from './core';
import { findModel, loadManifest, manifestStore, type ManifestState } from './manifest';
import { followShowDemo } from './sync';

/** The manifest while it loads and once it has; it is fetched on first use. */
export function useManifest(): ManifestState {
  useEffect(() => loadManifest(), []);
  return useSyncExternalStore(manifestStore.subscribe, manifestStore.getState, manifestStore.getState);
}

/** The product's model: undefined while the manifest loads, null when the product has none. */
export function useModelEntry(productId: string | null): ModelManifestEntry | null | undefined {
  const state = useManifest();
  if (!productId) return null;
  if (state.status === 'ready') return findModel(state.manifest, productId);
  return state.status === 'failed' ? null : undefined;
}

/** One viewer core for the life of the component, its variant kept in step with the page's. */
export function useViewerCore(productId: string, variantId: string | null = null): Viewer {
  const [viewer] = useState(() => createViewer({ productId, variantId }));
  useEffect(() => {
    if (variantId !== null) viewer.setVariant(variantId);
  }, [viewer, variantId]);
  return viewer;
}

/** Follows the show's 3D demo (the host's latest-wins `demo3d` value) while mounted. */
export function useShowDemo(showId: string): DemoFollower {
  const [follower] = useState(createDemoFollower);
  useEffect(() => followShowDemo(getRealtime(), showId, follower), [showId, follower]);
  return follower;
}

/** Starts fetching a model's file (into useGLTF's cache) so that opening it later is instant. */
export function preloadModel(entry: ModelManifestEntry): void {
  void import('./preload').then((m) => m.preloadModelFile(entry.file));
}

/** True once the element has come near the screen; preloads the model then. */
export function useInView(ref: RefObject<Element | null>, entry: ModelManifestEntry | null | undefined): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || !entry || inView) return;
    if (typeof IntersectionObserver === 'undefined') {
      setInView(true);
      return;
    }
    const observer = new IntersectionObserver(
      (records) => {
        if (records.some((r) => r.isIntersecting)) {
          preloadModel(entry);
          setInView(true);
          observer.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, entry, inView]);
  return inView;
}
