import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useProduct } from '../../features/catalog/hooks';
import { VariantPicker } from '../../features/catalog/VariantPicker';
import type { ShowStore } from '../../features/live/show';
import { useShow } from '../../features/live/useShow';
import { HostDemoPanel } from '../../features/viewer3d';
import { StudioEngagement } from '../../features/engagement/LiveEngagement';
import { PurchaseTicker } from '../../features/live/PurchaseTicker';
import { RunSheet } from '../../features/live/RunSheet';
import { useShowStore } from '../../features/live/useShow';
import { StudioStage } from '../../features/live/StudioStage';
import '../../features/live/selling.css';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

/**
 * Slot for the host's chat panel and moderation (client/features/engagement), under the go-live
 * controls. Mount it by returning the component here.
 */
function StudioSideSlot({ showId }: { showId: string }) {
  return <StudioEngagement showId={showId} />;
}

/** The host's studio for one show. Only its host can go live; the server checks, this page just says so early. */
export function StudioPage() {
  const { showId = '' } = useParams();
  const { t } = useI18n();
  useDocumentTitle(t('studio.title'));
  const signedIn = useStore((s) => s.me?.user ?? null);
  const sessionStatus = useStore((s) => s.sessionStatus);
  if (sessionStatus !== 'loading' && sessionStatus !== 'idle' && !signedIn) {
    return (
      <div className="studio">
        <p>{t('studio.signInFirst')}</p>
        <Link className="button button--primary" to={`/login?next=${encodeURIComponent(`/studio/${showId}`)}`}>
          {t('nav.signIn')}
        </Link>
      </div>
    );
  }
  return <Studio key={showId} showId={showId} />;
}

function Studio({ showId }: { showId: string }) {
  const { store, error, retry } = useShowStore(showId);
  return (
    <StudioStage
      showId={showId}
      overlay={<PurchaseTicker store={store} />}
      below={
        <>
          {error !== null && <ErrorMessage error={error} onRetry={retry} />}
          <RunSheet store={store} showId={showId} />
          <StudioDemoSlot store={store} showId={showId} />
        </>
      }
      side={
        <aside className="live-side live-side--studio">
          <StudioSideSlot showId={showId} />
        </aside>
      }
    />
  );
}

/** The host's 3D demo of the lineup's products, with the shop's variant picker for switching variants. */
function StudioDemoSlot({ store, showId }: { store: ShowStore; showId: string }) {
  const lineup = useShow(store, (s) => s.lineup);
  const products = useShow(store, (s) => s.products);
  const items = useMemo(() => lineup.flatMap((id) => (products[id] ? [{ id, name: products[id].name }] : [])), [lineup, products]);
  return (
    <HostDemoPanel
      showId={showId}
      lineup={items}
      renderVariants={(productId, selectedId, onSelect) => <DemoVariants productId={productId} selectedId={selectedId} onSelect={onSelect} />}
    />
  );
}

function DemoVariants({ productId, selectedId, onSelect }: { productId: string; selectedId: string | null; onSelect(variantId: string): void }) {
  const product = useProduct(productId);
  if (product.data?.id !== productId) return null;
  return <VariantPicker variants={product.data.variants} selectedId={selectedId ?? ''} onSelect={onSelect} />;
}
