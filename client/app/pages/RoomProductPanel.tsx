// A product inside a co-shopping room: its picture, variants and stock (catalog), "Add to the room's
// cart" and "Look at this" (co-shop), and "Try on" (try-on), composed here so the features never
// import each other. Never navigates: the show keeps playing.
import { Check, Eye, ShoppingBag, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useProduct } from '../../features/catalog/hooks';
import { StockBadge } from '../../features/catalog/StockBadge';
import { defaultVariant } from '../../features/catalog/variants';
import { VariantPicker } from '../../features/catalog/VariantPicker';
import { useRoom } from '../../features/co-shop/hooks';
import type { Look3d, RoomCore } from '../../features/co-shop/room';
import { TryOnButton } from '../../features/try-on';
import { SharedModelView, useSharedView } from '../../features/viewer3d';
import { formatMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock, Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';

interface Props {
  core: RoomCore;
  productId: string;
  /** Who shared it ("Look at this"), when it was opened for everyone. */
  sharedBy: string | null;
  onClose(): void;
  onTryOn(productId: string, variantId: string): void;
}

export function RoomProductPanel({ core, productId, sharedBy, onClose, onTryOn }: Props) {
  const { locale, t } = useI18n();
  const product = useProduct(productId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'share' | null>(null);
  const [done, setDone] = useState<'add' | 'share' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const data = product.data?.id === productId ? product.data : undefined;
  const variant = data ? (data.variants.find((v) => v.id === selectedId) ?? defaultVariant(data.variants)) : undefined;

  const act = async (what: 'add' | 'share') => {
    if (!variant) return;
    setBusy(what);
    setError(null);
    try {
      if (what === 'add') await core.addLine(variant.id, 1);
      else await core.share(productId, variant.id);
      setDone(what);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const soldOut = (variant?.available ?? 0) <= 0;

  // "Look at this" in 3D: while this product is the room's share, its view follows the newest
  // look3d value of another member, and ours goes out as our look3d value once we lead (we shared
  // it, or we dragged). The room core keeps the values, the viewer decides who leads.
  const share = useRoom(core, (s) => (s.share?.productId === productId ? s.share : null));
  const meId = useRoom(core, (s) => s.me?.id ?? null);
  const sharedView = useSharedView((state) => core.publishLook3d(state));
  const shareId = share?.id ?? null;
  useEffect(() => {
    if (!shareId) return;
    const feed = (look: Look3d | null) => {
      if (look && look.memberId !== core.getState().me?.id) sharedView.receive(look.state);
    };
    feed(core.getState().look3d);
    return core.store.subscribe((s, previous) => {
      if (s.look3d !== previous.look3d) feed(s.look3d);
    });
  }, [core, sharedView, shareId]);

  return (
    <section className="room-product" data-testid="room-product" data-product-id={productId} aria-label={data?.name[locale] ?? t('live.product')}>
      <button type="button" className="icon-button icon-button--small room-product__close" onClick={onClose} aria-label={t('live.closeProduct')}>
        <X size={18} aria-hidden="true" />
      </button>
      {sharedBy && (
        <p className="room-product__shared" data-testid="room-share-note">
          <Eye size={16} aria-hidden="true" />
          {t('coshop.sharedBy', { name: sharedBy })}
        </p>
      )}
      {!data && product.status === 'error' && <ErrorMessage error={product.error} onRetry={product.reload} compact />}
      {!data && product.status !== 'error' && <LoadingBlock label={t('live.loadingProduct')} />}
      {data && variant && (
        <>
          <div className="room-product__head">
            <img className="room-product__image" src={data.images[0]} alt="" />
            <div>
              <h2 className="room-product__name">{data.name[locale]}</h2>
              <p className="room-product__price">{formatMoney(variant.price, locale)}</p>
              <StockBadge available={variant.available} />
            </div>
          </div>
          <SharedModelView productId={productId} variantId={variant.id} shared={share ? sharedView : null} lead={share !== null && share.memberId === meId} />
          <VariantPicker
            variants={data.variants}
            selectedId={variant.id}
            onSelect={(id) => {
              setSelectedId(id);
              setDone(null);
              setError(null);
            }}
          />
          <div className="room-product__actions">
            <button type="button" className="button button--primary" disabled={busy !== null || soldOut} onClick={() => void act('add')} data-testid="room-add-to-cart">
              {busy === 'add' ? <Spinner size={18} /> : done === 'add' ? <Check size={18} aria-hidden="true" /> : <ShoppingBag size={18} aria-hidden="true" />}
              {soldOut ? t('product.soldOut') : done === 'add' ? t('coshop.addedToRoom') : t('coshop.addToRoom')}
            </button>
            <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void act('share')} data-testid="room-look-at-this">
              {busy === 'share' ? <Spinner size={18} /> : <Eye size={18} aria-hidden="true" />}
              {done === 'share' ? t('coshop.shared') : t('coshop.lookAtThis')}
            </button>
            {data.tryOn && <TryOnButton onClick={() => onTryOn(productId, variant.id)} />}
          </div>
          {error !== null && <ErrorMessage error={error} compact />}
        </>
      )}
    </section>
  );
}
