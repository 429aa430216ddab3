import { CreditCard } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Me, Order } from '../../../common/api';
import { ErrorBoundary } from '../../lib/ui/ErrorBoundary';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Panel } from '../../lib/ui/Panel';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useResource } from '../../lib/useResource';
import { fetchOrderForPayment } from './api';
import { waitForSettledOrder } from './core';
import { DemoPayment } from './DemoPayment';
import { checkoutSessions } from './sessions';
import './checkout.css';

const StripePayment = lazy(() => import('./StripePayment'));

interface Props {
  order: Order;
  me: Me | null;
  /** The order left "pending": paid (or cancelled meanwhile). */
  onSettled(order: Order, savedCard: boolean): void;
}

/** The payment step for a pending order, with whichever provider the order was created for. */
export function PaymentPanel({ order, me, onSettled }: Props) {
  const { t } = useI18n();
  const session = useResource(`payment:${order.id}`, () => checkoutSessions.paymentSession(order));
  const [waiting, setWaiting] = useState<{ savedCard: boolean } | null>(null);
  const [stillPending, setStillPending] = useState(false);
  const onSettledRef = useRef(onSettled);
  useEffect(() => {
    onSettledRef.current = onSettled;
  });

  useEffect(() => {
    if (!waiting) return;
    const controller = new AbortController();
    waitForSettledOrder((signal) => fetchOrderForPayment(order.id, signal), { signal: controller.signal }).then(
      (settled) => {
        if (settled.status === 'pending') setStillPending(true);
        else {
          checkoutSessions.forget(order.id);
          onSettledRef.current(settled, waiting.savedCard);
        }
      },
      () => {
        if (!controller.signal.aborted) setStillPending(true);
      },
    );
    return () => controller.abort();
  }, [waiting, order.id]);

  const confirmed = (result: Order, savedCard: boolean) => {
    if (result.status === 'pending') setWaiting({ savedCard });
    else {
      checkoutSessions.forget(order.id);
      onSettled(result, savedCard);
    }
  };

  let body;
  if (stillPending) {
    body = (
      <div className="notice notice--info" role="status">
        <p>{t('pay.stillPending')}</p>
        <Link to={`/orders/${encodeURIComponent(order.id)}`} className="button button--secondary">
          {t('pay.viewOrder')}
        </Link>
      </div>
    );
  } else if (waiting) {
    body = <LoadingBlock label={t('pay.waiting')} />;
  } else if (session.status === 'error') {
    body = <ErrorMessage error={session.error} onRetry={session.reload} />;
  } else if (session.status === 'loading') {
    body = <LoadingBlock />;
  } else if (session.data.provider === 'demo') {
    body = <DemoPayment order={order} me={me} onConfirmed={confirmed} />;
  } else {
    body = (
      <ErrorBoundary fallback={(error, reset) => <ErrorMessage error={error} onRetry={reset} />}>
        <Suspense fallback={<LoadingBlock label={t('pay.stripeLoading')} />}>
          <StripePayment order={order} payment={session.data} onSubmitted={() => setWaiting({ savedCard: false })} />
        </Suspense>
      </ErrorBoundary>
    );
  }

  return (
    <Panel className="panel payment-panel" id="payment-title" icon={CreditCard} title={t('pay.title')}>
      {body}
    </Panel>
  );
}
