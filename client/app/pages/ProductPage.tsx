import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ProductDetails } from '../../features/catalog/ProductDetails';
import { useProduct } from '../../features/catalog/hooks';
import { ProductMedia } from '../../features/viewer3d';
import { TryOnButton, TryOnPanel } from '../../features/try-on';
import { isApiError } from '../../lib/api';
import { BackLink } from '../../lib/ui/BackLink';
import { EmptyState } from '../../lib/ui/EmptyState';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Skeleton } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function ProductPage() {
  const { id = '' } = useParams();
  const { locale, t } = useI18n();
  const product = useProduct(id);
  const addToCart = useStore((s) => s.addToCart);
  // The try-on takes the pictures' place, for the product it was opened on (another product starts closed).
  const [tryOnFor, setTryOnFor] = useState<string | null>(null);
  const tryOnOpen = tryOnFor === id;
  useDocumentTitle(product.data?.name[locale] ?? null);

  let body;
  if (product.status === 'error' && isApiError(product.error, 'NOT_FOUND')) {
    body = (
      <EmptyState text={t('product.notFound')}>
        <Link to="/" className="button button--secondary">
          {t('notFound.home')}
        </Link>
      </EmptyState>
    );
  } else if (product.status === 'error') {
    body = <ErrorMessage error={product.error} onRetry={product.reload} />;
  } else if (!product.data) {
    body = (
      <div className="product-details product-details--skeleton" aria-busy="true">
        <Skeleton className="gallery__main" />
        <div className="product-details__info">
          <Skeleton className="skeleton--text skeleton--short" />
          <Skeleton className="skeleton--title" />
          <Skeleton className="skeleton--text skeleton--short" />
          <Skeleton className="skeleton--block" />
        </div>
      </div>
    );
  } else {
    const productId = product.data.id;
    const canTryOn = (product.data.model.anchor ?? product.data.tryOn) !== null;
    body = (
      <ProductDetails
        key={productId}
        product={product.data}
        onAddToCart={addToCart}
        // The model is the main view (poster first); the variant picker recolours it.
        renderMedia={(variantId, photos, selectVariant) =>
          tryOnOpen && variantId ? (
            <TryOnPanel productId={productId} variantId={variantId} onVariantChange={selectVariant} onClose={() => setTryOnFor(null)} />
          ) : (
            <div className="try-on-media">
              <ProductMedia productId={productId} variantId={variantId} photos={photos} />
              {canTryOn && <TryOnButton onClick={() => setTryOnFor(productId)} />}
            </div>
          )
        }
      />
    );
  }

  return (
    <main className="page page--product">
      <BackLink to="/" label={t('product.back')} />
      {body}
    </main>
  );
}
