// A pinned product's sheet on the live page: a bottom sheet on a phone, the side panel on a laptop.
// It composes the catalog's picker and stock badge with the show's deals and the store's cart, and
// never navigates: the video keeps playing behind it.
import { Box, Check, ShoppingBag, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useProduct } from '../../../features/catalog/hooks';
import { StockBadge } from '../../../features/catalog/StockBadge';
import { defaultVariant } from '../../../features/catalog/variants';
import { VariantPicker } from '../../../features/catalog/VariantPicker';
import type { ShowStore } from '../../../features/live/show';
import { useShow } from '../../../features/live/useShow';
import { TryOnButton } from '../../../features/try-on';
import { preloadModel, useModelEntry } from '../../../features/viewer3d';
import { formatMoney } from '../../../lib/format';
import { ErrorMessage } from '../../../lib/ui/ErrorMessage';
import { LoadingBlock, Spinner } from '../../../lib/ui/Spinner';
import { useI18n } from '../../../lib/useI18n';
import { useStore } from '../../../stores';

export function ProductSheet({ store, productId, onClose, layout, onView3d, onTryOn }: { store: ShowStore; productId: string; onClose(): void; layout: 'sheet' | 'panel'; onView3d?(productId: string): void; onTryOn?(productId: string, variantId: string): void }) {
  const { locale, t } = useI18n();
  const product = useProduct(productId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const addToCart = useStore((s) => s.addToCart);
  const openDrawer = useStore((s) => s.openDrawer);
  const data = product.data?.id === productId ? product.data : undefined;
  const variant = data ? (data.variants.find((v) => v.id === selectedId) ?? defaultVariant(data.variants)) : undefined;
  const deal = useShow(store, (s) => (variant ? s.deals.find((d) => d.variantId === variant.id) : undefined));
  // A product with a model gets a 3D button; its file starts loading as the sheet opens.
  const model = useModelEntry(productId);
  const can3d = Boolean(onView3d);
  useEffect(() => {
    if (model && can3d) preloadModel(model);
  }, [model, can3d]);

  // Escape closes the sheet, as it does the cart drawer; the listener stays put while the parent re-renders.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const add = async () => {
    if (!variant) return;
    setAdding(true);
    setError(null);
    try {
      // Confirmed here and by the cart badge: a drawer over the video would hide the show.
      await addToCart(variant.id, 1, { openDrawer: false });
      setAdded(variant.id);
    } catch (e) {
      setError(e);
    } finally {
      setAdding(false);
    }
  };

  const soldOut = (variant?.available ?? 0) <= 0;
  return (
    <section className={`product-sheet product-sheet--${layout}`} data-testid="product-sheet" data-product-id={productId} aria-label={data?.name[locale] ?? t('live.product')} role={layout === 'sheet' ? 'dialog' : undefined}>
      <button type="button" className="product-sheet__close" onClick={onClose} aria-label={t('live.closeProduct')}>
        <X size={20} aria-hidden="true" />
      </button>
      {!data && product.status === 'error' && <ErrorMessage error={product.error} onRetry={product.reload} compact />}
      {!data && product.status !== 'error' && <LoadingBlock label={t('live.loadingProduct')} />}
      {data && variant && (
        <>
          <div className="product-sheet__head">
            <img className="product-sheet__image" src={data.images[0]} alt="" />
            <div>
              <h2 className="product-sheet__name">{data.name[locale]}</h2>
              <p className="product-sheet__price" data-testid="sheet-price">
                {deal ? (
                  <>
                    <strong className="product-sheet__deal-price">{formatMoney(deal.price, locale)}</strong>
                    <s className="product-sheet__regular">{formatMoney(deal.regularPrice, locale)}</s>
                  </>
                ) : (
                  formatMoney(variant.price, locale)
                )}
              </p>
              <StockBadge available={variant.available} />
            </div>
            {model && onView3d && (
              <button type="button" className="button button--secondary button--small product-sheet__view3d" onClick={() => onView3d(productId)} data-testid="sheet-view-3d">
                <Box size={16} aria-hidden="true" />
                {t('viewer3d.open3d')}
              </button>
            )}
            {data.tryOn && onTryOn && <TryOnButton className="button--small" onClick={() => onTryOn(productId, variant.id)} />}
          </div>
          <VariantPicker
            variants={data.variants}
            selectedId={variant.id}
            onSelect={(id) => {
              setSelectedId(id);
              setError(null);
              setAdded(null);
            }}
          />
          {deal && <p className="product-sheet__deal-note">{t('live.dealNote')}</p>}
          <button type="button" className="button button--primary button--large product-sheet__add" data-testid="sheet-add-to-cart" disabled={adding || soldOut} onClick={() => void add()}>
            {adding ? <Spinner size={18} /> : added === variant.id ? <Check size={18} aria-hidden="true" /> : <ShoppingBag size={18} aria-hidden="true" />}
            {soldOut ? t('product.soldOut') : adding ? t('product.adding') : added === variant.id ? t('live.added') : t('product.addToCart')}
          </button>
          {added === variant.id && (
            <button type="button" className="button button--ghost button--small" onClick={openDrawer} data-testid="sheet-view-cart">
              {t('live.viewCart')}
            </button>
          )}
          {error !== null && <ErrorMessage error={error} compact />}
        </>
      )}
    </section>
  );
}
