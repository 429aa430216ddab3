import type { Category } from '../../../common/api';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useProductList } from './hooks';
import { ProductCard, ProductCardSkeleton } from './ProductCard';
import './catalog.css';

export function ProductGrid({ category, q }: { category?: Category; q?: string }) {
  const { t } = useI18n();
  const list = useProductList(category, q);
  const firstLoad = list.page === 0;

  if (firstLoad && list.status === 'error') return <ErrorMessage error={list.error} onRetry={list.retry} />;

  return (
    <div className="product-grid" aria-busy={list.status === 'loading' || list.status === 'loading-more'}>
      {!firstLoad && (
        <p className="product-grid__count" aria-live="polite">
          {t('catalog.results', { n: list.total })}
        </p>
      )}
      {!firstLoad && list.items.length === 0 ? (
        <p className="empty-state">{t('catalog.noResults')}</p>
      ) : (
        <ul className="product-grid__list">
          {firstLoad
            ? Array.from({ length: 8 }, (_, i) => <ProductCardSkeleton key={i} />)
            : list.items.map((product, i) => <ProductCard key={product.id} product={product} eager={i < 4} />)}
        </ul>
      )}
      {!firstLoad && list.status === 'error' && <ErrorMessage error={list.error} onRetry={list.retry} />}
      {list.hasMore && list.status !== 'error' && (
        <div className="product-grid__more">
          <p className="product-grid__progress">{t('catalog.showing', { shown: list.items.length, total: list.total })}</p>
          <button type="button" className="button button--secondary" onClick={list.loadMore} disabled={list.status === 'loading-more'}>
            {list.status === 'loading-more' ? <Spinner size={16} /> : null}
            {t('common.loadMore')}
          </button>
        </div>
      )}
      {firstLoad && <span className="visually-hidden">{t('common.loading')}</span>}
    </div>
  );
}
