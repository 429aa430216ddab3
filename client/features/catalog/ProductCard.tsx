import { Link } from 'react-router';
import type { ProductSummary } from '../../../common/api';
import { formatMoney } from '../../lib/format';
import { useI18n } from '../../lib/useI18n';
import type { MessageKey } from '../../lib/i18n';

export function ProductCard({ product, eager = false }: { product: ProductSummary; eager?: boolean }) {
  const { locale, t } = useI18n();
  const soldOut = product.available <= 0;
  return (
    <li className={`product-card${soldOut ? ' product-card--sold-out' : ''}`} data-testid="product-card" data-product-id={product.id}>
      <Link to={`/products/${encodeURIComponent(product.id)}`} className="product-card__link">
        <span className="product-card__picture">
          <img src={product.image} alt="" width={800} height={800} loading={eager ? 'eager' : 'lazy'} decoding="async" />
          {soldOut && (
            <span className="badge badge--sold-out product-card__badge" data-testid="sold-out">
              {t('catalog.soldOut')}
            </span>
          )}
        </span>
        <span className="product-card__category">{t(`category.${product.category}` as MessageKey)}</span>
        <span className="product-card__name">{product.name[locale]}</span>
        <span className="product-card__price">{formatMoney(product.priceFrom, locale)}</span>
      </Link>
    </li>
  );
}

export function ProductCardSkeleton() {
  return (
    <li className="product-card product-card--skeleton" aria-hidden="true">
      <span className="product-card__picture skeleton" />
      <span className="skeleton skeleton--text skeleton--short" />
      <span className="skeleton skeleton--text" />
      <span className="skeleton skeleton--text skeleton--short" />
    </li>
  );
}
