import { Zap } from 'lucide-react';
import { formatMoney } from '../../lib/format';
import { useI18n } from '../../lib/useI18n';
import type { ShowStore } from './show';
import { useShow } from './useShow';

/** The host's pinned products, newest first: a tap opens the product sheet, the video keeps playing. */
export function PinnedCards({ store, openProductId, onOpen, layout }: { store: ShowStore; openProductId: string | null; onOpen(productId: string): void; layout: 'row' | 'list' }) {
  const { locale, t } = useI18n();
  const pins = useShow(store, (s) => s.pins);
  const products = useShow(store, (s) => s.products);
  const deals = useShow(store, (s) => s.deals);
  if (pins.length === 0) return null;
  return (
    <ul className={`pinned-cards pinned-cards--${layout}`} aria-label={t('live.pinned')}>
      {pins.map((pin) => {
        const product = products[pin.productId];
        if (!product) return null;
        const deal = deals.find((d) => d.productId === pin.productId);
        return (
          <li key={pin.productId}>
            <button
              type="button"
              className="pinned-card"
              data-testid="pinned-card"
              data-product-id={pin.productId}
              aria-expanded={openProductId === pin.productId}
              onClick={() => onOpen(pin.productId)}
            >
              <img className="pinned-card__image" src={product.image} alt="" />
              <span className="pinned-card__text">
                <span className="pinned-card__name">{product.name[locale]}</span>
                <span className="pinned-card__price">
                  {deal ? (
                    <>
                      <Zap size={12} aria-hidden="true" />
                      {formatMoney(deal.price, locale)}
                    </>
                  ) : (
                    t('live.priceFrom', { price: formatMoney(product.priceFrom, locale) })
                  )}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
