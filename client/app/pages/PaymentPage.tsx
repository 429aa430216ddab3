import { Clock } from 'lucide-react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Order } from '../../../common/api';
import { PaymentPanel } from '../../features/checkout/PaymentPanel';
import { useOrder } from '../../features/orders/hooks';
import { OrderStatusChip } from '../../features/orders/OrderStatusChip';
import { formatTime } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { OrderSummary } from '../../lib/ui/OrderSummary';
import { Panel } from '../../lib/ui/Panel';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function PaymentPage() {
  const { orderId = '' } = useParams();
  const { locale, t } = useI18n();
  useDocumentTitle(t('pay.title'));
  const navigate = useNavigate();
  const order = useOrder(orderId);
  const me = useStore((s) => s.me);
  const loadCart = useStore((s) => s.loadCart);
  const loadSession = useStore((s) => s.loadSession);

  const settled = (result: Order, savedCard: boolean) => {
    void loadCart();
    if (savedCard) void loadSession();
    navigate(`/orders/${encodeURIComponent(result.id)}`, { replace: true, state: { justPaid: result.status === 'paid' } });
  };

  let body;
  if (order.status === 'error') {
    body = <ErrorMessage error={order.error} onRetry={order.reload} />;
  } else if (!order.data) {
    body = <LoadingBlock />;
  } else if (order.data.status !== 'pending') {
    body = (
      <div className="notice notice--info">
        <p>
          {t('pay.notPayable')} <OrderStatusChip status={order.data.status} />
        </p>
        <Link to={`/orders/${encodeURIComponent(order.data.id)}`} className="button button--secondary">
          {t('pay.viewOrder')}
        </Link>
      </div>
    );
  } else {
    const o = order.data;
    body = (
      <div className="checkout-layout">
        <div className="checkout-layout__main">
          {o.reservedUntil && (
            <p className="notice notice--info notice--inline">
              <Clock size={16} aria-hidden="true" />
              {t('pay.reservedUntil', { time: formatTime(o.reservedUntil, locale) })}
            </p>
          )}
          <PaymentPanel order={o} me={me} onSettled={settled} />
        </div>
        <Panel as="aside" className="checkout-layout__side panel" id="pay-summary-title" title={t('pay.order', { n: o.number })}>
          <OrderSummary of={o} unitPrices />
        </Panel>
      </div>
    );
  }

  return (
    <main className="page page--checkout">
      <h1 className="page-title">{t('pay.title')}</h1>
      {body}
    </main>
  );
}
