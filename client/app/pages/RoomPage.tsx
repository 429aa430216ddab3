// A co-shopping room (/rooms/:id?invite=…): friends watch the same show together, see and hear each
// other over it, keep a shared cart, vote, comment, share "look at this" and try-on looks. The page
// composes the features: the show's video and lineup (live), the friends and the cart (co-shop),
// the product (catalog), the try-on (try-on) and the 3D view (viewer3d).
import { ArrowLeft, Images, Package, ShoppingBag, Users } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ProductSummary } from '../../../common/api';
import { useProductList } from '../../features/catalog/hooks';
import { useRoom, useRoomCore, useRoomMedia, useRoomMediaStatus, sendSnapshot } from '../../features/co-shop/hooks';
import { inviteFor } from '../../features/co-shop/invite';
import type { RoomCore } from '../../features/co-shop/room';
import { InviteLink, JoinRoom, RoomGate } from '../../features/co-shop/RoomEntry';
import { FriendTiles, MemberList, RoomReactions } from '../../features/co-shop/RoomPeople';
import { SharedCart } from '../../features/co-shop/SharedCart';
import { SendLookButton, SnapshotStrip } from '../../features/co-shop/Snapshots';
import type { RoomMediaSession } from '../../features/co-shop/media/session';
import { DealBanner } from '../../features/live/DealBanner';
import { PinnedCards } from '../../features/live/PinnedCards';
import { ShowStateBadge } from '../../features/live/ShowBadges';
import { useShow, useShowStore } from '../../features/live/useShow';
import { ViewerStage } from '../../features/live/ViewerStage';
import '../../features/live/selling.css';
import { TryOnPanel } from '../../features/try-on';
import { formatMoney } from '../../lib/format';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { RoomProductPanel } from './RoomProductPanel';
import { useWideLayout } from './live/useWideLayout';

export function RoomPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const invite = inviteFor(id, params.get('invite'));
  const { t } = useI18n();
  useDocumentTitle(t('coshop.title'));
  if (!invite) {
    return (
      <main className="room-page room-page--gate">
        <section className="room-gate panel" data-testid="room-status" data-status="invalid">
          <h1 className="room-gate__title">{t('coshop.invalidTitle')}</h1>
          <p className="room-gate__text">{t('coshop.invalidText')}</p>
          <Link to="/" className="button button--secondary">
            {t('notFound.home')}
          </Link>
        </section>
      </main>
    );
  }
  return <Room key={`${id}:${invite}`} roomId={id} invite={invite} />;
}

function Room({ roomId, invite }: { roomId: string; invite: string }) {
  const { t } = useI18n();
  const core = useRoomCore(useMemo(() => ({ roomId, invite }), [roomId, invite]));
  const status = useRoom(core, (s) => s.status);
  const account = useStore((s) => s.me?.user?.displayName ?? '');
  if (status === 'ready') return <RoomReady core={core} />;
  return (
    <main className="room-page room-page--gate">
      {status === 'loading' ? (
        <LoadingBlock label={t('coshop.entering')} />
      ) : status === 'join' ? (
        <JoinRoom core={core} defaultName={account} />
      ) : (
        <RoomGate core={core}>
          <Link to="/" className="button button--secondary">
            {t('notFound.home')}
          </Link>
        </RoomGate>
      )}
    </main>
  );
}

type Tab = 'cart' | 'products' | 'people' | 'looks';

function RoomReady({ core }: { core: RoomCore }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const wide = useWideLayout();
  const showId = useRoom(core, (s) => s.room?.showId ?? null);
  const share = useRoom(core, (s) => s.share);
  const me = useRoom(core, (s) => s.me);
  const sharer = useRoom(core, (s) => (s.share ? (s.members.find((m) => m.id === s.share?.memberId)?.displayName ?? null) : null));
  const lineCount = useRoom(core, (s) => s.cart?.lines.filter((l) => l.status === 'open').length ?? 0);
  const snapshotCount = useRoom(core, (s) => s.snapshots.length);
  const memberCount = useRoom(core, (s) => s.members.length);
  const { session: media } = useRoomMedia(core, true);
  const [tab, setTab] = useState<Tab>('cart');
  const [product, setProduct] = useState<{ id: string; shared: boolean } | null>(null);
  const [tryOn, setTryOn] = useState<{ productId: string; variantId: string } | null>(null);

  // "Look at this": a new share opens the product for everyone (the sharer has it open already).
  const lastShare = useRef(share?.id ?? null);
  useEffect(() => {
    if (!share || share.id === lastShare.current) return;
    lastShare.current = share.id;
    setProduct({ id: share.productId, shared: share.memberId !== me?.id });
  }, [share, me?.id]);

  // What we are trying on is part of our presence, so friends see it in the member list.
  useEffect(() => {
    core.setMyLive({ tryingOn: tryOn ? { productId: tryOn.productId, variantId: tryOn.variantId } : null });
  }, [core, tryOn]);

  const checkout = (scope: 'mine' | 'all') => navigate(`/rooms/${encodeURIComponent(core.ref.roomId)}/checkout?scope=${scope}`);

  const tabs: { id: Tab; label: string; icon: typeof Users; count?: number }[] = [
    { id: 'cart', label: t('coshop.tabCart'), icon: ShoppingBag, count: lineCount },
    { id: 'products', label: t('coshop.tabProducts'), icon: Package },
    { id: 'people', label: t('coshop.tabPeople'), icon: Users, count: memberCount },
    { id: 'looks', label: t('coshop.tabLooks'), icon: Images, count: snapshotCount },
  ];

  const panel = tryOn ? (
    <TryOnPanel
      productId={tryOn.productId}
      variantId={tryOn.variantId}
      onVariantChange={(variantId) => setTryOn((current) => (current ? { ...current, variantId } : current))}
      onClose={() => setTryOn(null)}
      onSnapshot={(blob) => {
        void sendSnapshot(core, blob, tryOn.productId).then(() => setTab('looks'));
      }}
    />
  ) : product ? (
    <RoomProductPanel
      key={product.id}
      core={core}
      productId={product.id}
      sharedBy={product.shared ? sharer : null}
      onClose={() => setProduct(null)}
      onTryOn={(productId, variantId) => setTryOn({ productId, variantId })}
    />
  ) : null;

  const side = (
    <aside className="room-side" aria-label={t('coshop.roomArea')}>
      {panel}
      {showId && <ShowOffers showId={showId} openProductId={product?.id ?? null} onOpen={(id) => setProduct({ id, shared: false })} />}
      <nav className="room-tabs" role="tablist" aria-label={t('coshop.roomArea')}>
        {tabs.map(({ id, label, icon: Icon, count }) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={`room-tab${tab === id ? ' room-tab--on' : ''}`} onClick={() => setTab(id)} data-testid={`room-tab-${id}`}>
            <Icon size={16} aria-hidden="true" />
            {label}
            {count ? <span className="room-tab__count">{count}</span> : null}
          </button>
        ))}
      </nav>
      <div className="room-tab-panel" role="tabpanel">
        {tab === 'cart' && <SharedCart core={core} onCheckout={checkout} />}
        {tab === 'products' && <RoomProducts showId={showId} onOpen={(id) => setProduct({ id, shared: false })} />}
        {tab === 'people' && (
          <>
            <InviteLink core={core} />
            <MemberList core={core} media={media} />
          </>
        )}
        {tab === 'looks' && (
          <>
            <SelfLook core={core} media={media} productId={tryOn?.productId ?? product?.id ?? null} />
            <SnapshotStrip core={core} />
          </>
        )}
      </div>
    </aside>
  );

  return (
    <div className={`room-page room-page--${wide ? 'laptop' : 'phone'}`} data-testid="room-page">
      <div className="room-stage">
        {showId ? (
          <ShowInRoom showId={showId} core={core} media={media} wide={wide} />
        ) : (
          <section className="room-browse">
            <header className="room-browse__head">
              <Link to="/" className="icon-button" aria-label={t('stage.back')}>
                <ArrowLeft size={20} aria-hidden="true" />
              </Link>
              <h1 className="room-browse__title">{t('coshop.browseTitle')}</h1>
            </header>
            <FriendTiles core={core} media={media} layout="strip" />
            <RoomReactions core={core} />
          </section>
        )}
      </div>
      {side}
    </div>
  );
}

/** The show everyone in the room watches, with the friends' tiles over it; the show's sound plays under their voices. */
function ShowInRoom({ showId, core, media, wide }: { showId: string; core: RoomCore; media: RoomMediaSession | null; wide: boolean }) {
  const { locale, t } = useI18n();
  const { store } = useShowStore(showId);
  const title = useShow(store, (s) => s.detail?.title[locale] ?? null);
  return (
    <ViewerStage
      showId={showId}
      title={title}
      topExtras={
        <div className="live-viewer__top-extras">
          <ShowStateBadge store={store} />
          <span className="room-badge" data-testid="room-badge">
            <Users size={14} aria-hidden="true" />
            {t('coshop.badge')}
          </span>
        </div>
      }
    >
      <div className={`room-overlay room-overlay--${wide ? 'laptop' : 'phone'}`}>
        <FriendTiles core={core} media={media} layout="overlay" />
        <RoomReactions core={core} />
      </div>
    </ViewerStage>
  );
}

/**
 * The show's running deal and pinned products, as the public show has them beside the video: a
 * pinned card opens the product in the room (for the shared cart), and the deal's "Buy now" is the
 * show's own one-tap purchase at the deal price, under the deal's cap and per-buyer limit.
 */
function ShowOffers({ showId, openProductId, onOpen }: { showId: string; openProductId: string | null; onOpen(productId: string): void }) {
  const { store } = useShowStore(showId);
  const hasOffers = useShow(store, (s) => s.pins.length > 0 || s.deals.length > 0);
  if (!hasOffers) return null;
  return (
    <section className="room-offers" data-testid="room-offers">
      <DealBanner store={store} showId={showId} onOpenProduct={onOpen} />
      <PinnedCards store={store} openProductId={openProductId} onOpen={onOpen} layout="row" />
    </section>
  );
}

/** What the room can buy: the show's lineup, or the catalog when the room browses. */
function RoomProducts({ showId, onOpen }: { showId: string | null; onOpen(productId: string): void }) {
  return showId ? <LineupProducts showId={showId} onOpen={onOpen} /> : <CatalogProducts onOpen={onOpen} />;
}

function LineupProducts({ showId, onOpen }: { showId: string; onOpen(productId: string): void }) {
  const { store } = useShowStore(showId);
  const lineup = useShow(store, (s) => s.lineup);
  const products = useShow(store, (s) => s.products);
  return <ProductRows products={lineup.map((id) => products[id]).filter((p): p is ProductSummary => Boolean(p))} onOpen={onOpen} />;
}

function CatalogProducts({ onOpen }: { onOpen(productId: string): void }) {
  const list = useProductList(undefined, undefined);
  return <ProductRows products={list.items} onOpen={onOpen} />;
}

function ProductRows({ products, onOpen }: { products: readonly ProductSummary[]; onOpen(productId: string): void }) {
  const { locale, t } = useI18n();
  if (products.length === 0) return <LoadingBlock />;
  return (
    <ul className="room-products">
      {products.map((p) => (
        <li key={p.id}>
          <button type="button" className="room-products__item" onClick={() => onOpen(p.id)} data-testid="room-product-row" data-product-id={p.id}>
            <img src={p.image} alt="" width={56} height={56} loading="lazy" />
            <span className="room-products__name">{p.name[locale]}</span>
            <span className="room-products__price">{t('catalog.from', { price: formatMoney(p.priceFrom, locale) })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Sends a frame of our own camera as a look, when no try-on is open. */
function SelfLook({ core, media, productId }: { core: RoomCore; media: RoomMediaSession | null; productId: string | null }) {
  const status = useRoomMediaStatus(media);
  return <SendLookButton core={core} camera={status.local.cameraOn ? status.local.stream : null} productId={productId} />;
}

