import { ShoppingBag } from 'lucide-react';
import { useI18n } from '../../lib/useI18n';
import type { ShowStore } from './show';
import { useShow } from './useShow';

/** "Just bought": the latest purchase, fading out on its own (CSS), restarted by each new one. */
export function PurchaseTicker({ store }: { store: ShowStore }) {
  const { locale, t } = useI18n();
  const last = useShow(store, (s) => s.lastPurchase);
  if (!last) return null;
  return (
    <p key={last.n} className="purchase-ticker" data-testid="purchase-ticker" role="status">
      <ShoppingBag size={14} aria-hidden="true" />
      {t('live.justBought', { name: last.displayName, product: last.productName[locale] })}
    </p>
  );
}
