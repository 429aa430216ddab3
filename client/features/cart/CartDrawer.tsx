import { ShoppingBag, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { TotalsTable } from '../../lib/ui/TotalsTable';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { CartLineRow } from './CartLineRow';
import { DiscountForm } from './DiscountForm';
import './cart.css';

/** The cart as a side sheet over the page; it opens after "Add to cart" and from the header. */
export function CartDrawer() {
  const { t } = useI18n();
  const open = useStore((s) => s.drawerOpen);
  const close = useStore((s) => s.closeDrawer);
  const cart = useStore((s) => s.cart);
  const status = useStore((s) => s.cartStatus);
  const loadError = useStore((s) => s.cartError);
  const loadCart = useStore((s) => s.loadCart);
  const busyLines = useStore((s) => s.busyLines);
  const setLineQuantity = useStore((s) => s.setLineQuantity);
  const removeLine = useStore((s) => s.removeLine);
  const [actionError, setActionError] = useState<unknown>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const previouslyFocused = document.activeElement as HTMLElement | null;
    panelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      previouslyFocused?.focus?.();
    };
  }, [open, close]);

  if (!open) return null;

  const change = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
    } catch (error) {
      setActionError(error);
    }
  };

  const lines = cart?.lines ?? [];
  return (
    <div className="drawer-root">
      <div className="drawer-overlay" onClick={close} aria-hidden="true" />
      <div
        ref={panelRef}
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cart-drawer-title"
        data-testid="cart-drawer"
        tabIndex={-1}
      >
        <header className="drawer__header">
          <h2 id="cart-drawer-title" className="drawer__title">
            {t('cart.title')}
            {cart && cart.itemCount > 0 && <span className="drawer__count">{t('cart.items', { n: cart.itemCount })}</span>}
          </h2>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={close}>
            <X size={22} aria-hidden="true" />
          </button>
        </header>

        {!cart && status === 'error' ? (
          <div className="drawer__body">
            <ErrorMessage error={loadError} onRetry={() => void loadCart()} />
          </div>
        ) : !cart ? (
          <div className="drawer__body">
            <LoadingBlock />
          </div>
        ) : lines.length === 0 ? (
          <div className="drawer__body drawer__empty">
            <ShoppingBag size={40} aria-hidden="true" />
            <p>{t('cart.empty')}</p>
            <button type="button" className="button button--secondary" onClick={close}>
              {t('cart.continue')}
            </button>
          </div>
        ) : (
          <>
            <div className="drawer__body">
              <ul className="cart-lines">
                {lines.map((line) => (
                  <CartLineRow
                    key={line.id}
                    line={line}
                    busy={busyLines.includes(line.id)}
                    onQuantity={(quantity) => void change(() => setLineQuantity(line.id, quantity))}
                    onRemove={() => void change(() => removeLine(line.id))}
                    onNavigate={close}
                  />
                ))}
              </ul>
              {actionError !== null && <ErrorMessage error={actionError} compact />}
              <DiscountForm cart={cart} />
            </div>
            <footer className="drawer__footer">
              <TotalsTable totals={cart.totals} />
              <Link to="/checkout" className="button button--primary button--large button--block" data-testid="checkout-button" onClick={close}>
                {t('cart.checkout')}
              </Link>
            </footer>
          </>
        )}
      </div>
    </div>
  );
}
