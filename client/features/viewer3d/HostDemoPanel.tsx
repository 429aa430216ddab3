// The host's 3D demo in the studio: open a lineup product's model and turn it, zoom, switch
// variant, open a hotspot, spread the exploded view; every viewer's model follows. The state goes
// out as the show's latest-wins `demo3d` value about 15 times a second, only when it changed.
import { Box, Square } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { demo3dIntervalMs, type ModelManifestEntry } from '../../../common/models';
import type { Localized } from '../../../common/api';
import { getRealtime } from '../../lib/realtime';
import { useI18n } from '../../lib/useI18n';
import { createDemoPublisher, emptyDemoState } from './core';
import { useManifest, useViewerCore } from './hooks';
import { findModel } from './manifest';
import { LazyModelViewer } from './LazyModelViewer';
import { showDemoSender } from './sync';
import { useStore } from 'zustand';
import './viewer3d.css';

interface Props {
  showId: string;
  lineup: readonly { id: string; name: Localized }[];
  /** The shop's variant picker for a product, composed by the page (features do not import each other). */
  renderVariants?: (productId: string, selectedId: string | null, onSelect: (variantId: string) => void) => ReactNode;
}

export function HostDemoPanel({ showId, lineup, renderVariants }: Props) {
  const { locale, t } = useI18n();
  const manifest = useManifest();
  const [productId, setProductId] = useState<string | null>(null);
  const models = manifest.status === 'ready' ? lineup.flatMap((p) => (findModel(manifest.manifest, p.id) ? [p] : [])) : [];
  const entry = productId && manifest.status === 'ready' ? findModel(manifest.manifest, productId) : null;
  return (
    <section className="host-demo" aria-label={t('viewer3d.studioTitle')} data-testid="host-demo">
      <h2 className="host-demo__title">{t('viewer3d.studioTitle')}</h2>
      <p className="host-demo__hint">{t('viewer3d.studioHint')}</p>
      {manifest.status === 'ready' && models.length === 0 && <p className="host-demo__hint">{t('viewer3d.studioNoModels')}</p>}
      <ul className="host-demo__list">
        {models.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className={`button button--small ${productId === p.id ? 'button--primary' : 'button--secondary'}`}
              aria-pressed={productId === p.id}
              data-testid="host-demo-open"
              data-product-id={p.id}
              onClick={() => setProductId(p.id)}
            >
              <Box size={16} aria-hidden="true" />
              {p.name[locale]}
            </button>
          </li>
        ))}
      </ul>
      {entry && <HostDemoViewer key={entry.productId} showId={showId} entry={entry} renderVariants={renderVariants} onStop={() => setProductId(null)} />}
    </section>
  );
}

function HostDemoViewer({ showId, entry, renderVariants, onStop }: { showId: string; entry: ModelManifestEntry; renderVariants: Props['renderVariants']; onStop(): void }) {
  const { t } = useI18n();
  const viewer = useViewerCore(entry.productId, Object.keys(entry.variants)[0] ?? null);
  const variantId = useStore(viewer.store, (s) => s.variantId);
  useEffect(() => {
    const publisher = createDemoPublisher({ send: showDemoSender(getRealtime(), showId), intervalMs: demo3dIntervalMs });
    // Until the scene's first frame reports the camera, the pose is the manifest's framing.
    viewer.pose.position.splice(0, 3, ...entry.camera.position);
    viewer.pose.target.splice(0, 3, ...entry.camera.target);
    publisher.start(viewer);
    // Leaving the product (or the studio) ends the demo for everyone.
    return () => publisher.stop(emptyDemoState());
  }, [showId, entry, viewer]);
  return (
    <div className="host-demo__viewer">
      <LazyModelViewer
        entry={entry}
        viewer={viewer}
        purpose="studio"
        toolbar={
          <button type="button" className="button button--ghost button--small" onClick={onStop} data-testid="host-demo-stop">
            <Square size={16} aria-hidden="true" />
            {t('viewer3d.studioStop')}
          </button>
        }
      />
      {renderVariants?.(entry.productId, variantId, (id) => viewer.setVariant(id))}
    </div>
  );
}
