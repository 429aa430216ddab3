// The host's run-sheet during a show: pin a product over the video in one click, start a flash
// deal on one of its variants, watch running deals count down and stop them.
import { Pin, PinOff, Square, Zap } from 'lucide-react';
import { useEffect, useState } from 'react';
import { minorUnits } from '../../../common/money';
import type { FlashDeal, Product, StartDealRequest } from '../../../common/api';
import { apiRequest } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { DealCountdown } from './DealCountdown';
import { maxPins, type ShowStore } from './show';
import { useShow } from './useShow';

const showPath = (showId: string) => `/api/shows/${encodeURIComponent(showId)}`;

export function RunSheet({ store, showId }: { store: ShowStore; showId: string }) {
  const { t } = useI18n();
  const lineup = useShow(store, (s) => s.lineup);
  const pinnedCount = useShow(store, (s) => s.pins.length);
  return (
    <section className="run-sheet" aria-label={t('live.runSheet')}>
      <h2 className="run-sheet__title">
        {t('live.runSheet')}
        <span className="run-sheet__count">{t('live.pinnedCount', { n: pinnedCount, max: maxPins })}</span>
      </h2>
      <RunningDeals store={store} showId={showId} />
      <ol className="run-sheet__list">
        {lineup.map((productId) => (
          <RunSheetItem key={productId} store={store} showId={showId} productId={productId} />
        ))}
      </ol>
    </section>
  );
}

function RunSheetItem({ store, showId, productId }: { store: ShowStore; showId: string; productId: string }) {
  const { locale, t } = useI18n();
  const product = useShow(store, (s) => s.products[productId]);
  const pinned = useShow(store, (s) => s.pins.some((p) => p.productId === productId));
  const live = useShow(store, (s) => s.state === 'live');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dealOpen, setDealOpen] = useState(false);

  const togglePin = async () => {
    setBusy(true);
    setError(null);
    try {
      // The channel's pin.changed updates every screen, this one included; the answer needs no handling.
      if (pinned) await apiRequest('DELETE', `${showPath(showId)}/pins/${encodeURIComponent(productId)}`);
      else await apiRequest('POST', `${showPath(showId)}/pins`, { body: { productId } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`run-sheet__item${pinned ? ' run-sheet__item--pinned' : ''}`}>
      <div className="run-sheet__row">
        {product && <img className="run-sheet__image" src={product.image} alt="" />}
        <span className="run-sheet__name">{product?.name[locale] ?? productId}</span>
        <button
          type="button"
          className={`button button--small ${pinned ? 'button--primary' : 'button--secondary'}`}
          data-testid="pin-button"
          data-product-id={productId}
          aria-pressed={pinned}
          disabled={busy}
          onClick={() => void togglePin()}
        >
          {pinned ? <PinOff size={16} aria-hidden="true" /> : <Pin size={16} aria-hidden="true" />}
          {pinned ? t('live.unpin') : t('live.pin')}
        </button>
        <button type="button" className="button button--small button--ghost" aria-expanded={dealOpen} disabled={!live} onClick={() => setDealOpen(!dealOpen)} data-testid="open-deal-form" data-product-id={productId}>
          <Zap size={16} aria-hidden="true" />
          {t('live.startDeal')}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} compact />}
      {dealOpen && live && <DealForm showId={showId} productId={productId} onStarted={() => setDealOpen(false)} />}
    </li>
  );
}

function DealForm({ showId, productId, onStarted }: { showId: string; productId: string; onStarted(): void }) {
  const { locale, t } = useI18n();
  const [product, setProduct] = useState<Product | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [variantId, setVariantId] = useState('');
  const [price, setPrice] = useState('');
  const [quantity, setQuantity] = useState('10');
  const [duration, setDuration] = useState('60');
  const [limit, setLimit] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const abort = new AbortController();
    apiRequest<Product>('GET', `/api/products/${encodeURIComponent(productId)}`, { signal: abort.signal }).then(
      (p) => {
        setProduct(p);
        setVariantId(p.variants[0]?.id ?? '');
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setLoadError(e);
      },
    );
    return () => abort.abort();
  }, [productId]);

  if (loadError) return <ErrorMessage error={loadError} compact />;
  if (!product) return <Spinner size={18} />;
  const variant = product.variants.find((v) => v.id === variantId) ?? product.variants[0];
  const scale = variant ? 10 ** minorUnits(variant.price.currency) : 1;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!variant) return;
    setBusy(true);
    setError(null);
    const body: StartDealRequest = {
      variantId: variant.id,
      // The host types the price as shoppers read it; the server works in minor units.
      price: Math.round(Number(price) * scale),
      quantity: Number.parseInt(quantity, 10),
      durationSeconds: Number.parseInt(duration, 10),
      perBuyerLimit: Number.parseInt(limit, 10),
    };
    try {
      await apiRequest<FlashDeal>('POST', `${showPath(showId)}/deals`, { body });
      onStarted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const id = (name: string) => `deal-${productId}-${name}`;
  return (
    <form className="deal-form" data-testid="deal-form" data-product-id={productId} onSubmit={(e) => void submit(e)}>
      <label className="field" htmlFor={id('variant')}>
        <span className="field__label">{t('live.dealVariant')}</span>
        <select id={id('variant')} className="input" value={variant?.id ?? ''} onChange={(e) => setVariantId(e.target.value)} name="variantId">
          {product.variants.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name[locale]} — {formatMoney(v.price, locale)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={id('price')}>
        <span className="field__label">{t('live.dealPrice')}</span>
        <input id={id('price')} className="input" name="price" inputMode="decimal" required value={price} onChange={(e) => setPrice(e.target.value)} placeholder={variant ? String(variant.price.amount / scale) : ''} />
      </label>
      <label className="field" htmlFor={id('quantity')}>
        <span className="field__label">{t('live.dealQuantity')}</span>
        <input id={id('quantity')} className="input" name="quantity" type="number" min={1} max={10000} required value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      </label>
      <label className="field" htmlFor={id('duration')}>
        <span className="field__label">{t('live.dealDuration')}</span>
        <input id={id('duration')} className="input" name="durationSeconds" type="number" min={10} max={3600} required value={duration} onChange={(e) => setDuration(e.target.value)} />
      </label>
      <label className="field" htmlFor={id('limit')}>
        <span className="field__label">{t('live.dealLimit')}</span>
        <input id={id('limit')} className="input" name="perBuyerLimit" type="number" min={1} max={5} required value={limit} onChange={(e) => setLimit(e.target.value)} />
      </label>
      {error !== null && <ErrorMessage error={error} compact />}
      <button type="submit" className="button button--primary" data-testid="start-deal" disabled={busy}>
        {busy ? <Spinner size={16} /> : <Zap size={16} aria-hidden="true" />}
        {t('live.startDeal')}
      </button>
    </form>
  );
}

function RunningDeals({ store, showId }: { store: ShowStore; showId: string }) {
  const { locale, t } = useI18n();
  const deals = useShow(store, (s) => s.deals);
  const products = useShow(store, (s) => s.products);
  const [error, setError] = useState<unknown>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  if (deals.length === 0 && error === null) return null;

  const stop = async (dealId: string) => {
    setStopping(dealId);
    setError(null);
    try {
      await apiRequest('POST', `${showPath(showId)}/deals/${encodeURIComponent(dealId)}/stop`, { body: {} });
    } catch (e) {
      setError(e);
    } finally {
      setStopping(null);
    }
  };

  return (
    <div className="running-deals" aria-label={t('live.runningDeals')}>
      {deals.map((deal) => (
        <div key={deal.id} className="running-deal" data-testid="running-deal" data-deal-id={deal.id}>
          <Zap size={16} aria-hidden="true" className="running-deal__icon" />
          <span className="running-deal__name">
            {products[deal.productId]?.name[locale] ?? deal.productId} · {formatMoney(deal.price, locale)}
          </span>
          <DealCountdown endsAt={deal.endsAt} className="running-deal__countdown" />
          <span data-testid="deal-remaining" data-remaining={deal.remaining}>
            {t('live.remaining', { n: deal.remaining, cap: deal.cap })}
          </span>
          <button type="button" className="button button--small button--danger" data-testid="stop-deal" disabled={stopping === deal.id} onClick={() => void stop(deal.id)}>
            <Square size={14} aria-hidden="true" />
            {t('live.stopDeal')}
          </button>
        </div>
      ))}
      {error !== null && <ErrorMessage error={error} compact />}
    </div>
  );
}
