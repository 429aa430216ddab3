// The 3D viewer over a live show, without leaving the video: a panel over the upper video on a
// phone, in the side panel on a laptop. It shows the host's demo while one is on and follows it
// (a drag breaks away, "Follow host" rejoins), or a product the viewer opened in 3D from its sheet.
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import type { DemoFollower } from './core';
import { useModelEntry, useViewerCore } from './hooks';
import { LazyModelViewer } from './LazyModelViewer';
import './viewer3d.css';

interface Props {
  follower: DemoFollower;
  /** A product the viewer opened in 3D themselves (from its sheet); null when none. */
  ownProductId: string | null;
  onCloseOwn(): void;
  layout: 'phone' | 'laptop';
}

export function LiveModelPanel({ follower, ownProductId, onCloseOwn, layout }: Props) {
  const { t } = useI18n();
  const demoProductId = useStore(follower.store, (s) => s.productId);
  // Closing the host's demo hides it until the host shows another product.
  const [dismissed, setDismissed] = useState<string | null>(null);
  useEffect(() => {
    if (demoProductId !== dismissed) setDismissed(null);
  }, [demoProductId, dismissed]);
  const following = ownProductId === null && demoProductId !== null && dismissed !== demoProductId;
  const productId = ownProductId ?? (following ? demoProductId : null);
  const entry = useModelEntry(productId);
  if (!productId || !entry) return null;

  const close = () => {
    if (ownProductId) onCloseOwn();
    else setDismissed(demoProductId);
  };
  const followHost =
    demoProductId === null
      ? undefined
      : () => {
          if (ownProductId) onCloseOwn();
          else follower.rejoin();
        };
  return (
    <section className={`live-model live-model--${layout}`} data-testid="live-model" aria-label={following ? t('viewer3d.hostDemo') : t('viewer3d.view3d')}>
      <header className="live-model__head">
        <h2 className="live-model__title">{following ? t('viewer3d.hostDemo') : t('viewer3d.view3d')}</h2>
        <button type="button" className="viewer3d__icon-button" aria-label={t('viewer3d.close')} onClick={close} data-testid="live-model-close">
          <X size={18} aria-hidden="true" />
        </button>
      </header>
      <LiveViewer key={`${productId}:${following}`} entry={entry} follower={following ? follower : null} onFollow={followHost} />
    </section>
  );
}

function LiveViewer({ entry, follower, onFollow }: { entry: ModelManifestEntry; follower: DemoFollower | null; onFollow?: () => void }) {
  const viewer = useViewerCore(entry.productId);
  useEffect(() => {
    if (!follower) return;
    follower.attach(viewer);
    return () => follower.attach(null);
  }, [follower, viewer]);
  return <LazyModelViewer entry={entry} viewer={viewer} purpose="live" onFollow={onFollow} className="viewer3d--compact" />;
}
