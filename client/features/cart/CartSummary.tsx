import type { Cart } from '../../../common/api';
import { formatMoney } from '../../lib/format';
import { TotalsTable } from '../../lib/ui/TotalsTable';
import { useI18n } from '../../lib/useI18n';

/** The cart read-only, for the checkout page's order summary. */
export function CartSummary({ cart }: { cart: Cart }) {
  const { locale, t } = useI18n();
  return (
    <div className="summary">
      <ul className="summary__lines">
        {cart.lines.map((line) => (
          <li key={line.id} className="summary-line">
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
              </span>
            </span>
            <span className="summary-line__total">{formatMoney(line.lineTotal, locale)}</span>
          </li>
        ))}
      </ul>
      {cart.discountCode && <p className="summary__code">{t('order.discountCode', { code: cart.discountCode })}</p>}
      <TotalsTable totals={cart.totals} />
    </div>
  );
}
