// The 3D view of a product shared with friends (a co-shopping room's "look at this"): it follows
// the member who leads the view and says so; a drag makes us the leader. Without a shared view
// (a product we opened alone) it is a plain viewer. The page owns where states come from and go to.
import { Crosshair, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { demo3dIntervalMs, type Demo3dState, type ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import { useModelEntry, useViewerCore } from './hooks';
import { LazyModelViewer } from './LazyModelViewer';
import { createSharedView, type SharedView } from './shared';
import './viewer3d.css';

/** One shared view for the life of the component; `send` is read when a state goes out, so it may change. */
export function useSharedView(send: (state: Demo3dState) => void): SharedView {
  const [box] = useState(() => ({ send }));
  box.send = send;
  const [shared] = useState(() => createSharedView({ send: (state) => box.send(state), intervalMs: demo3dIntervalMs }));
  return shared;
}

interface Props {
  productId: string;
  /** The page's variant choice. */
  variantId: string | null;
  /** The room's shared view of this product; null: we look alone. */
  shared: SharedView | null;
  /** We shared it: we lead until someone else drags. */
  lead: boolean;
}

export function SharedModelView({ productId, variantId, shared, lead }: Props) {
  const entry = useModelEntry(productId);
  if (!entry) return null;
  return <SharedViewer key={entry.productId} entry={entry} variantId={variantId} shared={shared} lead={lead} />;
}

function SharedViewer({ entry, variantId, shared, lead }: { entry: ModelManifestEntry; variantId: string | null; shared: SharedView | null; lead: boolean }) {
  const viewer = useViewerCore(entry.productId, variantId);
  useEffect(() => {
    if (!shared) return;
    // Until the scene's first frame reports the camera, our pose is the manifest's framing.
    viewer.pose.position.splice(0, 3, ...entry.camera.position);
    viewer.pose.target.splice(0, 3, ...entry.camera.target);
    shared.attach(viewer, lead);
    return () => shared.attach(null, false);
  }, [shared, viewer, lead, entry]);
  return <LazyModelViewer entry={entry} viewer={viewer} purpose="room" className="viewer3d--compact" toolbar={shared ? <SharedRole shared={shared} /> : undefined} />;
}

function SharedRole({ shared }: { shared: SharedView }) {
  const { t } = useI18n();
  const leading = useStore(shared.store, (s) => s.leading);
  const Icon = leading ? Users : Crosshair;
  return (
    <span className="viewer3d__following" data-testid="viewer3d-room-role" data-role={leading ? 'lead' : 'follow'}>
      <Icon size={16} aria-hidden="true" />
      {leading ? t('viewer3d.roomLeading') : t('viewer3d.roomFollowing')}
    </span>
  );
}
