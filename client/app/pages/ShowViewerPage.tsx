// A live show, video first (DESIGN.md §5b). On a phone held upright the video fills the screen and
// the pinned products, the deal and the chat float over it; on a laptop the video stays central and
// the products, the product sheet and the chat sit in a side panel. Nothing here navigates away
// from the video while shopping.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CartButton } from '../../features/cart/CartButton';
import { CreateRoomButton } from '../../features/co-shop/RoomEntry';
import { roomPagePath } from '../../features/co-shop/invite';
import { ViewerChat, ViewerEngagement } from '../../features/engagement/LiveEngagement';
import { CartDrawer } from '../../features/cart/CartDrawer';
import { DealBanner } from '../../features/live/DealBanner';
import { PinnedCards } from '../../features/live/PinnedCards';
import { PurchaseTicker } from '../../features/live/PurchaseTicker';
import { ShowStateBadge, ViewerCount } from '../../features/live/ShowBadges';
import type { ShowStore } from '../../features/live/show';
import { useShow, useShowStore } from '../../features/live/useShow';
import { ViewerStage } from '../../features/live/ViewerStage';
import { LiveModelPanel, useShowDemo } from '../../features/viewer3d';
import { TryOnPanel } from '../../features/try-on';
import '../../features/live/selling.css';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { ProductSheet } from './live/ProductSheet';
import { useWideLayout } from './live/useWideLayout';

export type LiveLayout = 'phone' | 'laptop';

/**
 * Slot for the chat panel (client/features/engagement): floating over the lower video on a phone, in the
 * side panel on a laptop. Mount it by returning the component here.
 */
function LiveSideSlot({ showId, layout }: { showId: string; layout: LiveLayout }) {
  return <ViewerChat showId={showId} layout={layout} />;
}

/** Slot for reactions, polls and Q&A over the video (client/features/engagement), on every layout. */
function LiveOverlaySlot({ showId }: { showId: string; layout: LiveLayout }) {
  return <ViewerEngagement showId={showId} />;
}

export function ShowViewerPage() {
  const { id = '' } = useParams();
  return <ShowViewer key={id} showId={id} />;
}

function ShowViewer({ showId }: { showId: string }) {
  const { locale, t } = useI18n();
  const { store, error, retry } = useShowStore(showId);
  const title = useShow(store, (s) => s.detail?.title[locale] ?? null);
  useDocumentTitle(title ?? t('stage.viewerTitle'));
  const wide = useWideLayout();
  const layout: LiveLayout = wide ? 'laptop' : 'phone';
  // Not tied to the pins: a product the host unpins stays open for whoever is looking at it.
  const [openProductId, setOpenProductId] = useState<string | null>(null);
  const open = (productId: string) => setOpenProductId((current) => (current === productId ? null : productId));
  // The 3D panel: the host's demo while one is on (followed), or a product the viewer opened in 3D.
  const demo = useShowDemo(showId);
  const [own3dProductId, setOwn3dProductId] = useState<string | null>(null);
  const view3d = (productId: string) => {
    setOwn3dProductId(productId);
    // On a phone the sheet would cover the panel; on a laptop both fit in the side panel.
    if (!wide) setOpenProductId(null);
  };
  const modelPanel = <LiveModelPanel follower={demo} ownProductId={own3dProductId} onCloseOwn={() => setOwn3dProductId(null)} layout={layout} />;

  // Try-on beside the video (laptop) or over its lower part (phone); the show keeps playing with sound.
  const [tryOn, setTryOn] = useState<{ productId: string; variantId: string } | null>(null);
  const openTryOn = (productId: string, variantId: string) => {
    setTryOn({ productId, variantId });
    if (!wide) setOpenProductId(null);
  };
  const tryOnPanel = tryOn && (
    <TryOnPanel
      key={tryOn.productId}
      productId={tryOn.productId}
      variantId={tryOn.variantId}
      onVariantChange={(variantId) => setTryOn({ productId: tryOn.productId, variantId })}
      onClose={() => setTryOn(null)}
      layout={wide ? 'panel' : 'overlay'}
    />
  );

  const sheet = openProductId && (
    <ProductSheet key={openProductId} store={store} productId={openProductId} onClose={() => setOpenProductId(null)} layout={wide ? 'panel' : 'sheet'} onView3d={view3d} onTryOn={openTryOn} />
  );

  return (
    <div className={`live-viewer live-viewer--${layout}`}>
      <div className="live-viewer__stage">
        <ViewerStage
          showId={showId}
          title={title}
          topExtras={
            <div className="live-viewer__top-extras">
              <ViewerCount store={store} />
              <CartButton />
              <WatchWithFriends showId={showId} />
            </div>
          }
        >
          <div className="live-overlay">
            <div className="live-overlay__state">
              <ShowStateBadge store={store} />
            </div>
            {!wide && modelPanel}
            {error !== null && (
              <div className="live-overlay__problem">
                <ErrorMessage error={error} onRetry={retry} compact />
              </div>
            )}
            <div className="live-overlay__bottom">
              <PurchaseTicker store={store} />
              {/* Chat on the left, reactions on the right, above the deal and the products: nothing overlaps. */}
              <div className="live-overlay__row">
                {!wide && (
                  <aside className="live-side live-side--floating" aria-label={t('live.chatArea')}>
                    <LiveSideSlot showId={showId} layout={layout} />
                  </aside>
                )}
                <div className="live-overlay__engagement">
                  <LiveOverlaySlot showId={showId} layout={layout} />
                </div>
              </div>
              {!wide && (
                <>
                  <DealBanner store={store} showId={showId} onOpenProduct={open} />
                  <PinnedCards store={store} openProductId={openProductId} onOpen={open} layout="row" />
                </>
              )}
            </div>
          </div>
        </ViewerStage>
      </div>
      {wide && (
        <aside className="live-side live-side--panel" aria-label={t('live.shopArea')}>
          {modelPanel}
          <DealBanner store={store} showId={showId} onOpenProduct={open} />
          {tryOnPanel || sheet || <SidePinned store={store} openProductId={openProductId} onOpen={open} />}
          <div className="live-side__chat">
            <LiveSideSlot showId={showId} layout={layout} />
          </div>
        </aside>
      )}
      {!wide && tryOnPanel}
      {!wide && sheet && (
        <div className="product-sheet-scrim" onClick={() => setOpenProductId(null)}>
          <div onClick={(e) => e.stopPropagation()}>{sheet}</div>
        </div>
      )}
      <CartDrawer />
    </div>
  );
}

/** "Watch with friends": makes a co-shopping room for this show and opens it (the invite is copied there). */
function WatchWithFriends({ showId }: { showId: string }) {
  const navigate = useNavigate();
  const accountName = useStore((s) => s.me?.user?.displayName ?? '');
  return <CreateRoomButton showId={showId} defaultName={accountName} onCreated={(created) => navigate(roomPagePath(created.room.id, created.inviteToken))} />;
}

function SidePinned({ store, openProductId, onOpen }: { store: ShowStore; openProductId: string | null; onOpen(productId: string): void }) {
  const { t } = useI18n();
  const hasPins = useShow(store, (s) => s.pins.length > 0);
  return (
    <section className="live-side__products">
      <h2 className="live-side__heading">{t('live.pinned')}</h2>
      {hasPins ? <PinnedCards store={store} openProductId={openProductId} onOpen={onOpen} layout="list" /> : <p className="live-side__empty">{t('live.noPins')}</p>}
    </section>
  );
}
