import { ShoppingBag } from 'lucide-react';
import { useStore } from '../../stores';
import { useI18n } from '../../lib/useI18n';

export function CartButton() {
  const { t } = useI18n();
  const count = useStore((s) => s.cart?.itemCount ?? 0);
  const open = useStore((s) => s.openDrawer);
  const drawerOpen = useStore((s) => s.drawerOpen);
  return (
    <button
      type="button"
      className="icon-button cart-button"
      data-testid="cart-button"
      aria-label={t('cart.open', { n: count })}
      aria-haspopup="dialog"
      aria-expanded={drawerOpen}
      onClick={open}
    >
      <ShoppingBag size={22} aria-hidden="true" />
      {count > 0 && (
        <span className="cart-button__count" data-testid="cart-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </button>
  );
}
