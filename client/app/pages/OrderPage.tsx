import { CircleCheck } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { Order } from '../../../common/api';
import { fetchOrderForPayment } from '../../features/checkout/api';
import { waitForSettledOrder } from '../../features/checkout/core';
import { useOrder } from '../../features/orders/hooks';
import { OrderDetail } from '../../features/orders/OrderDetail';
import { isApiError } from '../../lib/api';
import { BackLink } from '../../lib/ui/BackLink';
import { EmptyState } from '../../lib/ui/EmptyState';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock, Spinner } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function OrderPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const location = useLocation();
  const [params] = useSearchParams();
  const loaded = useOrder(id);
  const loadCart = useStore((s) => s.loadCart);
  const [latest, setLatest] = useState<Order | null>(null);
  const [checking, setChecking] = useState(false);
  const order = latest?.id === id ? latest : loaded.data;
  useDocumentTitle(order ? t('order.title', { n: order.number }) : null);

  // Back from a Stripe redirect (3-D Secure, a bank page): the webhook may still be on its way.
  const fromStripe = params.has('payment_intent');
  const pendingAfterRedirect = fromStripe && loaded.data?.status === 'pending';
  useEffect(() => {
    if (!pendingAfterRedirect) return;
    const controller = new AbortController();
    setChecking(true);
    waitForSettledOrder((signal) => fetchOrderForPayment(id, signal), { signal: controller.signal, timeoutMs: 30_000 })
      .then((settled) => {
        setLatest(settled);
        if (settled.status !== 'pending') void loadCart();
      })
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setChecking(false);
      });
    return () => controller.abort();
  }, [pendingAfterRedirect, id, loadCart]);

  const justPaid = Boolean((location.state as { justPaid?: boolean } | null)?.justPaid) || (fromStripe && order?.status === 'paid');

  let body;
  if (loaded.status === 'error' && !order) {
    body = isApiError(loaded.error, 'NOT_FOUND') ? (
      <EmptyState text={t('error.NOT_FOUND')}>
        <Link to="/orders" className="button button--secondary">
          {t('order.all')}
        </Link>
      </EmptyState>
    ) : (
      <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
    );
  } else if (!order) {
    body = <LoadingBlock />;
  } else {
    body = (
      <>
        {justPaid && (order.status === 'paid' || order.status === 'fulfilled') && (
          <div className="thanks" role="status" data-testid="order-thanks">
            <CircleCheck size={40} aria-hidden="true" className="thanks__icon" />
            <div>
              <p className="thanks__title">{t('order.thanks')}</p>
              <p className="thanks__body">{t('order.thanksBody')}</p>
            </div>
          </div>
        )}
        {checking && (
          <p className="notice notice--info notice--inline" role="status">
            <Spinner size={16} />
            {t('order.checking')}
          </p>
        )}
        <OrderDetail order={order} payHref={`/checkout/pay/${encodeURIComponent(order.id)}`} onChanged={setLatest} />
      </>
    );
  }

  return (
    <main className="page page--order">
      <BackLink to="/orders" label={t('order.all')} />
      {body}
    </main>
  );
}
