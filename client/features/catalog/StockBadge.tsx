import { useI18n } from '../../lib/useI18n';
import { stockLevel } from './variants';

export function StockBadge({ available }: { available: number }) {
  const { t } = useI18n();
  const level = stockLevel(available);
  const text = level.kind === 'out' ? t('product.soldOut') : level.kind === 'low' ? t('product.onlyLeft', { n: level.left }) : t('product.inStock');
  return (
    <span
      className={`stock-badge stock-badge--${level.kind}`}
      data-testid="stock-badge"
      data-stock={level.kind}
      role="status"
    >
      <span className="stock-badge__dot" aria-hidden="true" />
      {level.kind === 'out' ? <span data-testid="sold-out">{text}</span> : text}
    </span>
  );
}
