import { Package } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { useOrders } from '../../features/orders/hooks';
import { OrderRow } from '../../features/orders/OrderRow';
import { EmptyState } from '../../lib/ui/EmptyState';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Skeleton } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';

export function OrdersPage() {
  const { t } = useI18n();
  useDocumentTitle(t('orders.title'));
  const [params] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const orders = useOrders(page);

  let body;
  if (orders.status === 'error') {
    body = <ErrorMessage error={orders.error} onRetry={orders.reload} />;
  } else if (!orders.data) {
    body = (
      <ul className="orders-list" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="order-row order-row--skeleton">
            <Skeleton className="skeleton--block" />
          </li>
        ))}
      </ul>
    );
  } else if (orders.data.items.length === 0) {
    body = (
      <EmptyState icon={Package} text={t('orders.empty')}>
        <Link to="/" className="button button--secondary">
          {t('cart.continue')}
        </Link>
      </EmptyState>
    );
  } else {
    const { items, total, pageSize } = orders.data;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    body = (
      <>
        <ul className="orders-list" data-testid="orders-list">
          {items.map((order) => (
            <OrderRow key={order.id} order={order} />
          ))}
        </ul>
        {pages > 1 && (
          <nav className="pager" aria-label={t('orders.title')}>
            {page > 1 ? (
              <Link to={`?page=${page - 1}`} className="button button--secondary">
                {t('common.previous')}
              </Link>
            ) : (
              <span />
            )}
            <span className="pager__status">
              {page} / {pages}
            </span>
            {page < pages ? (
              <Link to={`?page=${page + 1}`} className="button button--secondary">
                {t('common.next')}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
      </>
    );
  }

  return (
    <main className="page page--narrow">
      <h1 className="page-title">{t('orders.title')}</h1>
      {body}
    </main>
  );
}
