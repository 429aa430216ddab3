// The product page's pictures area with the 3D model as its main view: the poster first, the
// viewer once it is near the screen, and a switch to the photos. The page's variant picker drives
// the model's variant.
import { Box, Image } from 'lucide-react';
import { useRef, useState, type ReactNode } from 'react';
import type { ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import { useInView, useModelEntry, useViewerCore } from './hooks';
import { LazyModelViewer } from './LazyModelViewer';
import './viewer3d.css';

export function ProductMedia({ productId, variantId, photos }: { productId: string; variantId: string | null; photos: ReactNode }) {
  const { t } = useI18n();
  const entry = useModelEntry(productId);
  const [view, setView] = useState<'3d' | 'photos'>('3d');
  // No model (or the manifest is still on its way): the photos, as before.
  if (!entry) return <>{photos}</>;
  return (
    <div className="product-media">
      {view === '3d' ? <ProductModel entry={entry} variantId={variantId} /> : photos}
      <div className="product-media__switch" role="group" aria-label={t('viewer3d.mediaSwitch')}>
        <button type="button" className="product-media__option" aria-pressed={view === '3d'} onClick={() => setView('3d')} data-testid="media-3d">
          <Box size={16} aria-hidden="true" />
          {t('viewer3d.view3d')}
        </button>
        <button type="button" className="product-media__option" aria-pressed={view === 'photos'} onClick={() => setView('photos')} data-testid="media-photos">
          <Image size={16} aria-hidden="true" />
          {t('viewer3d.photos')}
        </button>
      </div>
    </div>
  );
}

function ProductModel({ entry, variantId }: { entry: ModelManifestEntry; variantId: string | null }) {
  const viewer = useViewerCore(entry.productId, variantId);
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref, entry);
  const { locale } = useI18n();
  return (
    <div ref={ref} className="product-media__viewer">
      {inView ? (
        <LazyModelViewer entry={entry} viewer={viewer} purpose="product" />
      ) : (
        <div className="viewer3d__poster viewer3d__poster--static">
          <img src={entry.poster} alt={entry.alt[locale]} width={800} height={800} />
        </div>
      )}
    </div>
  );
}
