import { Trash2 } from 'lucide-react';
import { Link } from 'react-router';
import type { CartLine } from '../../../common/api';
import { maxLineQuantity } from '../../../common/cart';
import { formatMoney } from '../../lib/format';
import { QuantityStepper } from '../../lib/ui/QuantityStepper';
import { useI18n } from '../../lib/useI18n';

interface Props {
  line: CartLine;
  busy: boolean;
  onQuantity(quantity: number): void;
  onRemove(): void;
  onNavigate(): void;
}

export function CartLineRow({ line, busy, onQuantity, onRemove, onNavigate }: Props) {
  const { locale, t } = useI18n();
  const name = line.name[locale];
  // The cart does not hold stock, so a line can ask for more than is left; say so before checkout.
  const short = line.available < line.quantity;
  return (
    <li className="cart-line" data-testid="cart-line" data-line-id={line.id} data-variant-id={line.variantId} aria-busy={busy}>
      <Link to={`/products/${encodeURIComponent(line.productId)}`} className="cart-line__picture" onClick={onNavigate} tabIndex={-1}>
        <img src={line.image} alt="" width={72} height={72} loading="lazy" />
      </Link>
      <div className="cart-line__body">
        <Link to={`/products/${encodeURIComponent(line.productId)}`} className="cart-line__name" onClick={onNavigate}>
          {name}
        </Link>
        <span className="cart-line__variant">{line.variantName[locale]}</span>
        <span className="cart-line__unit">{formatMoney(line.unitPrice, locale)}</span>
        {short && (
          <span className="cart-line__warning" role="status">
            {line.available <= 0 ? t('product.soldOut') : t('product.onlyLeft', { n: line.available })}
          </span>
        )}
        <div className="cart-line__controls">
          <QuantityStepper
            value={line.quantity}
            max={Math.min(maxLineQuantity, Math.max(line.available, line.quantity))}
            label={t('cart.quantityOf', { name })}
            disabled={busy}
            onChange={onQuantity}
          />
          <button type="button" className="icon-button icon-button--small" aria-label={t('cart.remove', { name })} disabled={busy} onClick={onRemove}>
            <Trash2 size={18} aria-hidden="true" />
          </button>
        </div>
      </div>
      <span className="cart-line__total">{formatMoney(line.lineTotal, locale)}</span>
    </li>
  );
}
