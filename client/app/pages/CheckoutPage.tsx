import { ShoppingBag } from 'lucide-react';
import { Link, useNavigate } from 'react-router';
import type { CheckoutResponse } from '../../../common/api';
import { CheckoutForm } from '../../features/checkout/CheckoutForm';
import { EmptyState } from '../../lib/ui/EmptyState';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { OrderSummary } from '../../lib/ui/OrderSummary';
import { Panel } from '../../lib/ui/Panel';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function CheckoutPage() {
  const { t } = useI18n();
  useDocumentTitle(t('checkout.title'));
  const navigate = useNavigate();
  const me = useStore((s) => s.me);
  const sessionStatus = useStore((s) => s.sessionStatus);
  const cart = useStore((s) => s.cart);
  const cartStatus = useStore((s) => s.cartStatus);
  const cartError = useStore((s) => s.cartError);
  const loadCart = useStore((s) => s.loadCart);

  const placed = (response: CheckoutResponse) => {
    // The order now holds the stock; the cart is whatever the server says it is after that.
    void loadCart();
    navigate(`/checkout/pay/${encodeURIComponent(response.order.id)}`, { replace: true });
  };

  let body;
  if (!cart && cartStatus === 'error') {
    body = <ErrorMessage error={cartError} onRetry={() => void loadCart()} />;
  } else if (!cart || sessionStatus === 'loading' || sessionStatus === 'idle') {
    body = <LoadingBlock />;
  } else if (cart.lines.length === 0) {
    body = (
      <EmptyState icon={ShoppingBag} text={t('checkout.emptyCart')}>
        <Link to="/" className="button button--secondary">
          {t('cart.continue')}
        </Link>
      </EmptyState>
    );
  } else {
    body = (
      <div className="checkout-layout">
        <div className="checkout-layout__main">
          {!me?.user && (
            <p className="notice notice--info notice--text">
              {t('checkout.signInHint')}{' '}
              <Link to="/login?next=/checkout">{t('nav.signIn')}</Link>
            </p>
          )}
          {/* keyed by user: signing in mid-checkout offers the saved address afresh */}
          <CheckoutForm key={me?.user?.id ?? 'guest'} me={me} onPlaced={placed} />
        </div>
        <Panel as="aside" className="checkout-layout__side panel" id="summary-title" title={t('checkout.summary')}>
          <OrderSummary of={cart} />
        </Panel>
      </div>
    );
  }

  return (
    <main className="page page--checkout">
      <h1 className="page-title">{t('checkout.title')}</h1>
      {body}
    </main>
  );
}
