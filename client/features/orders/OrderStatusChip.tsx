import type { OrderStatus } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';

export function OrderStatusChip({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <span className={`status-chip status-chip--${status}`} data-testid="order-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
