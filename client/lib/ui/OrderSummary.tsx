import type { OrderLine, Totals } from '../../../common/api';
import { formatMoney } from '../format';
import { useI18n } from '../useI18n';
import { TotalsTable } from './TotalsTable';

/** What a cart line and an order line have in common. */
export type SummaryLine = Pick<OrderLine, 'variantId' | 'image' | 'name' | 'variantName' | 'quantity' | 'unitPrice' | 'lineTotal'>;

interface Props {
  /** A cart or an order: its lines, its discount code and its totals as the server computed them. */
  of: { lines: readonly SummaryLine[]; discountCode: string | null; totals: Totals };
  /** Show each line's unit price (an order's record of what was paid). */
  unitPrices?: boolean;
}

/** Lines with picture, name, variant and quantity, then the discount code and the totals; read-only. */
export function OrderSummary({ of, unitPrices = false }: Props) {
  const { locale, t } = useI18n();
  return (
    <div className="summary">
      <ul className="summary__lines">
        {of.lines.map((line) => (
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
                {line.variantName[locale]} · {t('order.quantity', { n: line.quantity })}
                {unitPrices && <> × {formatMoney(line.unitPrice, locale)}</>}
              </span>
            </span>
            <span className="summary-line__total">{formatMoney(line.lineTotal, locale)}</span>
          </li>
        ))}
      </ul>
      {of.discountCode && <p className="summary__code">{t('order.discountCode', { code: of.discountCode })}</p>}
      <TotalsTable totals={of.totals} />
    </div>
  );
}
