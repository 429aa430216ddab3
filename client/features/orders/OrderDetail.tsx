import { Clock, CreditCard, MapPin, X } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Order } from '../../../common/api';
import { formatDateTime } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { OrderSummary } from '../../lib/ui/OrderSummary';
import { Panel } from '../../lib/ui/Panel';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { cancelOrder } from './api';
import { OrderStatusChip } from './OrderStatusChip';
import { canCancel, canPay } from './status';
import './orders.css';

interface Props {
  order: Order;
  /** Where the "pay" link goes: the checkout's payment step for this order. */
  payHref: string;
  onChanged(order: Order): void;
}

export function OrderDetail({ order, payHref, onChanged }: Props) {
  const { locale, t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      onChanged(await cancelOrder(order.id));
    } catch (e) {
      setError(e);
    } finally {
      setCancelling(false);
      setConfirming(false);
    }
  };

  return (
    <div className="order-detail">
      <div className="order-detail__head">
        <div className="order-detail__meta">
          <h1 className="order-detail__title" data-testid="order-number" data-order-number={order.number}>
            {t('order.title', { n: order.number })}
          </h1>
          <OrderStatusChip status={order.status} />
        </div>
        <p className="order-detail__dates">
          {t('order.placedOn', { date: formatDateTime(order.createdAt, locale) })}
          {order.paidAt && <> · {t('order.paidOn', { date: formatDateTime(order.paidAt, locale) })}</>}
        </p>
      </div>

      {canPay(order) && (
        <div className="notice notice--warning order-detail__pending" role="status">
          <p className="notice__title">
            <Clock size={18} aria-hidden="true" />
            {t('order.waiting')}
          </p>
          {order.paymentError && <p>{t('order.lastPaymentError', { message: order.paymentError })}</p>}
          <div className="notice__actions">
            <Link to={payHref} className="button button--primary" data-testid="pay-order">
              <CreditCard size={16} aria-hidden="true" />
              {t('order.pay')}
            </Link>
            {canCancel(order) && !confirming && (
              <button type="button" className="button button--ghost" data-testid="cancel-order" onClick={() => setConfirming(true)}>
                <X size={16} aria-hidden="true" />
                {t('order.cancel')}
              </button>
            )}
          </div>
          {confirming && (
            <div className="confirm" role="group" aria-label={t('order.cancelConfirm')}>
              <p>{t('order.cancelConfirm')}</p>
              <div className="notice__actions">
                <button type="button" className="button button--danger" data-testid="confirm-cancel" disabled={cancelling} onClick={() => void cancel()}>
                  {cancelling && <Spinner size={16} label={t('order.cancelling')} />}
                  {cancelling ? t('order.cancelling') : t('order.confirmCancel')}
                </button>
                <button type="button" className="button button--ghost" disabled={cancelling} onClick={() => setConfirming(false)}>
                  {t('order.keep')}
                </button>
              </div>
            </div>
          )}
          {error !== null && <ErrorMessage error={error} compact />}
        </div>
      )}

      <div className="order-detail__grid">
        <Panel id="order-items-title" title={t('order.items')}>
          <OrderSummary of={order} unitPrices />
        </Panel>
        {order.address && (
          <Panel id="order-address-title" icon={MapPin} title={t('order.address')}>
            <address className="address-block">
              <span>{order.address.name}</span>
              <span>
                {locale === 'ja' ? '〒' : ''}
                {order.address.postalCode} {order.address.region} {order.address.city}
              </span>
              <span>{order.address.line1}</span>
              {order.address.line2 && <span>{order.address.line2}</span>}
              <span>{order.address.phone}</span>
            </address>
          </Panel>
        )}
      </div>
    </div>
  );
}
