import { useSearchParams } from 'react-router';
import { categorySchema, type Category } from '../../../common/api';
import { CategoryChips } from '../../features/catalog/CategoryChips';
import { ProductGrid } from '../../features/catalog/ProductGrid';
import { SearchBox } from '../../features/catalog/SearchBox';
import { ShowStrip } from '../../features/catalog/ShowStrip';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';

export function HomePage() {
  const { t } = useI18n();
  useDocumentTitle(null);
  const [params, setParams] = useSearchParams();
  const parsedCategory = categorySchema.safeParse(params.get('category'));
  const category: Category | undefined = parsedCategory.success ? parsedCategory.data : undefined;
  const q = params.get('q') ?? '';

  // The filters live in the URL, so a search can be shared and the back button undoes it.
  const update = (next: { category?: Category; q?: string }) => {
    const merged = { category, q, ...next };
    const search = new URLSearchParams();
    if (merged.category) search.set('category', merged.category);
    if (merged.q) search.set('q', merged.q);
    setParams(search, { replace: 'q' in next, preventScrollReset: true });
  };

  return (
    <main className="page page--home">
      <ShowStrip />
      <section className="catalog" aria-labelledby="catalog-title">
        <div className="catalog__head">
          <h1 id="catalog-title" className="section-title section-title--large">
            {t('home.productsTitle')}
          </h1>
          <SearchBox value={q} onSearch={(value) => update({ q: value })} />
        </div>
        <CategoryChips value={category} onChange={(value) => update({ category: value })} />
        <ProductGrid category={category} q={q || undefined} />
      </section>
    </main>
  );
}
