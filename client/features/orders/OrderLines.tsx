import type { Order } from '../../../common/api';
import { formatMoney } from '../../lib/format';
import { TotalsTable } from '../../lib/ui/TotalsTable';
import { useI18n } from '../../lib/useI18n';

/** What was bought and what it cost, as the order recorded it. */
export function OrderLines({ order }: { order: Order }) {
  const { locale, t } = useI18n();
  return (
    <div className="summary">
      <ul className="summary__lines">
        {order.lines.map((line) => (
          <li key={line.variantId} className="summary-line">
            <span className="summary-line__picture">
              <img src={line.image} alt="" width={56} height={56} loading="lazy" />
              <span className="summary-line__qty" aria-hidden="true">
                {line.quantity}
              </span>
            </span>
            <span className="summary-line__text">
              <span className="summary-line__name">{line.name[locale]}</span>
              <span className="summary-line__variant">
                {line.variantName[locale]} · {t('order.quantity', { n: line.quantity })} × {formatMoney(line.unitPrice, locale)}
              </span>
            </span>
            <span className="summary-line__total">{formatMoney(line.lineTotal, locale)}</span>
          </li>
        ))}
      </ul>
      {order.discountCode && <p className="summary__code">{t('order.discountCode', { code: order.discountCode })}</p>}
      <TotalsTable totals={order.totals} />
    </div>
  );
}
