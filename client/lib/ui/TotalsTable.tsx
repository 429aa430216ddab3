import type { Totals } from '../../../common/api';
import { formatMoney } from '../format';
import { useI18n } from '../useI18n';

/** Subtotal, discount, shipping and total exactly as the server computed them. */
export function TotalsTable({ totals }: { totals: Totals }) {
  const { locale, t } = useI18n();
  return (
    <dl className="totals">
      <div className="totals__row">
        <dt>{t('cart.subtotal')}</dt>
        <dd>{formatMoney(totals.subtotal, locale)}</dd>
      </div>
      {totals.discount.amount > 0 && (
        <div className="totals__row totals__row--discount">
          <dt>{t('cart.discount')}</dt>
          <dd>−{formatMoney(totals.discount, locale)}</dd>
        </div>
      )}
      <div className="totals__row">
        <dt>{t('cart.shipping')}</dt>
        <dd>{totals.shipping.amount === 0 && totals.subtotal.amount > 0 ? t('cart.free') : formatMoney(totals.shipping, locale)}</dd>
      </div>
      <div className="totals__row totals__row--total">
        <dt>{t('cart.total')}</dt>
        <dd>{formatMoney(totals.total, locale)}</dd>
      </div>
    </dl>
  );
}
