import { ShoppingBag, Truck } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { Product } from '../../../common/api';
import { defaultShipping, maxLineQuantity } from '../../../common/cart';
import { formatMoney } from '../../lib/format';
import type { MessageKey } from '../../lib/i18n';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { QuantityStepper } from '../../lib/ui/QuantityStepper';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { ProductGallery } from './ProductGallery';
import { StockBadge } from './StockBadge';
import { defaultVariant } from './variants';
import { VariantPicker } from './VariantPicker';
import './catalog.css';

interface Props {
  product: Product;
  /** Adds to the cart; rejects with an ApiError (SOLD_OUT, INSUFFICIENT_STOCK…) to show here. */
  onAddToCart(variantId: string, quantity: number): Promise<unknown>;
  /** The pictures area, when the page composes more than photos there (the 3D viewer); gets the picked variant. */
  renderMedia?(variantId: string | null, photos: ReactNode, selectVariant: (variantId: string) => void): ReactNode;
}

export function ProductDetails({ product, onAddToCart, renderMedia }: Props) {
  const { locale, t } = useI18n();
  const [selectedId, setSelectedId] = useState(() => defaultVariant(product.variants)?.id ?? '');
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const variant = product.variants.find((v) => v.id === selectedId) ?? product.variants[0];
  const available = variant?.available ?? 0;
  const soldOut = available <= 0;
  const maxQuantity = Math.max(1, Math.min(maxLineQuantity, available));
  const shownQuantity = Math.min(quantity, maxQuantity);
  const name = product.name[locale];
  const price = variant?.price ?? product.priceFrom;
  const freeFrom = defaultShipping[price.currency].freeFrom;

  const add = async () => {
    if (!variant || soldOut) return;
    setAdding(true);
    setError(null);
    try {
      await onAddToCart(variant.id, shownQuantity);
    } catch (e) {
      setError(e);
    } finally {
      setAdding(false);
    }
  };

  return (
    <article className="product-details" data-product-id={product.id}>
      {renderMedia
        ? renderMedia(variant?.id ?? null, <ProductGallery images={product.images} name={name} />, (id) => {
            // A variant picked in the media area (the try-on's colour switch) is the one bought.
            setSelectedId(id);
            setError(null);
          })
        : <ProductGallery images={product.images} name={name} />}
      <div className="product-details__info">
        <p className="product-details__category">{t(`category.${product.category}` as MessageKey)}</p>
        <h1 className="product-details__name">{name}</h1>
        <p className="product-details__price">{formatMoney(price, locale)}</p>
        <StockBadge available={available} />
        <VariantPicker
          variants={product.variants}
          selectedId={variant?.id ?? ''}
          onSelect={(id) => {
            setSelectedId(id);
            setError(null);
          }}
        />
        <div className="product-details__buy">
          <div className="product-details__quantity">
            <span className="field__label" aria-hidden="true">
              {t('product.quantity')}
            </span>
            <QuantityStepper
              value={shownQuantity}
              max={maxQuantity}
              label={t('product.quantity')}
              disabled={soldOut || adding}
              onChange={setQuantity}
            />
          </div>
          <button
            type="button"
            className="button button--primary button--large product-details__add"
            data-testid="add-to-cart"
            disabled={soldOut || adding || !variant}
            onClick={add}
            {...(soldOut ? { 'data-sold-out': '' } : {})}
          >
            {adding ? <Spinner size={18} label={t('product.adding')} /> : <ShoppingBag size={18} aria-hidden="true" />}
            {soldOut ? t('product.soldOut') : adding ? t('product.adding') : t('product.addToCart')}
          </button>
        </div>
        {error !== null && <ErrorMessage error={error} compact />}
        <p className="product-details__note">
          <Truck size={16} aria-hidden="true" />
          {t('product.shippingNote', { amount: formatMoney({ amount: freeFrom, currency: price.currency }, locale) })}
        </p>
        <p className="product-details__description">{product.description[locale]}</p>
      </div>
    </article>
  );
}
