import { categories, type Category } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import type { MessageKey } from '../../lib/i18n';

interface Props {
  value: Category | undefined;
  onChange(category: Category | undefined): void;
}

export function CategoryChips({ value, onChange }: Props) {
  const { t } = useI18n();
  const chip = (category: Category | undefined, label: string) => (
    <li key={category ?? 'all'}>
      <button
        type="button"
        className="chip"
        aria-pressed={value === category}
        data-category={category ?? 'all'}
        onClick={() => onChange(category)}
      >
        {label}
      </button>
    </li>
  );
  return (
    <nav className="category-chips" aria-label={t('catalog.categories')}>
      <ul className="category-chips__list">
        {chip(undefined, t('catalog.all'))}
        {categories.map((c) => chip(c, t(`category.${c}` as MessageKey)))}
      </ul>
    </nav>
  );
}
