import { ChevronRight } from 'lucide-react';
import { Link } from 'react-router';
import type { Order } from '../../../common/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useI18n } from '../../lib/useI18n';
import { OrderStatusChip } from './OrderStatusChip';
import { itemCount } from './status';
import './orders.css';

export function OrderRow({ order }: { order: Order }) {
  const { locale, t } = useI18n();
  const pictures = order.lines.slice(0, 3);
  return (
    <li className="order-row" data-testid="order-row" data-order-id={order.id}>
      <Link to={`/orders/${encodeURIComponent(order.id)}`} className="order-row__link">
        <span className="order-row__pictures" aria-hidden="true">
          {pictures.map((line) => (
            <img key={line.variantId} src={line.image} alt="" width={48} height={48} loading="lazy" />
          ))}
        </span>
        <span className="order-row__text">
          <span className="order-row__number">{t('orders.number', { n: order.number })}</span>
          <span className="order-row__meta">
            {t('orders.placedOn', { date: formatDateTime(order.createdAt, locale) })} · {t('orders.items', { n: itemCount(order) })}
          </span>
        </span>
        <span className="order-row__side">
          <OrderStatusChip status={order.status} />
          <span className="order-row__total">{formatMoney(order.totals.total, locale)}</span>
        </span>
        <ChevronRight size={18} aria-hidden="true" className="order-row__chevron" />
      </Link>
    </li>
  );
}
