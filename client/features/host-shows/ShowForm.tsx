import { ArrowDown, ArrowUp } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import type { CreateShowRequest, ProductSummary } from '../../../common/api';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { TextField } from '../../lib/ui/TextField';
import { useI18n } from '../../lib/useI18n';
import { useResource } from '../../lib/useResource';
import { fetchPickerProducts } from './api';
import { checkDraft, move, type DraftField, type ShowDraft } from './draft';

interface Props {
  initial: ShowDraft;
  /** 'create' posts a new show; 'edit' changes a scheduled one. Only the headings and button differ. */
  mode: 'create' | 'edit';
  onSubmit(request: CreateShowRequest): Promise<void>;
  onCancel(): void;
}

/** The new-show and edit-show form: titles in both languages, time, run-sheet and cover. */
export function ShowForm({ initial, mode, onSubmit, onCancel }: Props) {
  const { locale, t } = useI18n();
  const products = useResource('picker', fetchPickerProducts);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<DraftField, true>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const byId = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p])), [products.data]);
  const imageOf = (id: string) => byId.get(id)?.image;
  const lineup = draft.productIds.map((id) => byId.get(id)).filter((p): p is ProductSummary => p !== undefined);
  // The current cover stays choosable even when it is not a picture of the lineup (an older edit).
  const coverChoices = [...new Set([...(draft.cover ? [draft.cover] : []), ...lineup.map((p) => p.image)])];

  const update = (patch: Partial<ShowDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const toggle = (id: string, on: boolean) =>
    setDraft((d) => ({ ...d, productIds: on ? [...d.productIds, id] : d.productIds.filter((x) => x !== id) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkDraft(draft, imageOf);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await onSubmit(checked.value);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="show-form panel" data-testid="show-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2 className="panel__title">{mode === 'create' ? t('hostShows.newTitle') : t('hostShows.editTitle')}</h2>
      <div className="show-form__titles">
        <TextField
          id="show-title-ja"
          name="titleJa"
          lang="ja"
          label={t('hostShows.titleJa')}
          value={draft.titleJa}
          maxLength={120}
          error={errors.titleJa ? t('hostShows.titleRequired') : undefined}
          describeError
          onChange={(e) => update({ titleJa: e.target.value })}
        />
        <TextField
          id="show-title-en"
          name="titleEn"
          lang="en"
          label={t('hostShows.titleEn')}
          value={draft.titleEn}
          maxLength={120}
          error={errors.titleEn ? t('hostShows.titleRequired') : undefined}
          describeError
          onChange={(e) => update({ titleEn: e.target.value })}
        />
      </div>
      <TextField
        id="show-scheduled-at"
        name="scheduledAt"
        type="datetime-local"
        label={t('hostShows.scheduledAt')}
        value={draft.scheduledAt}
        error={errors.scheduledAt ? t('hostShows.timeRequired') : undefined}
        describeError
        onChange={(e) => update({ scheduledAt: e.target.value })}
      />

      <fieldset className="show-form__group">
        <legend className="field__label">{t('hostShows.runSheet')}</legend>
        {errors.productIds && (
          <p className="field__error" role="alert">
            {t('hostShows.productsRequired')}
          </p>
        )}
        {lineup.length > 0 && (
          <ol className="run-order" data-testid="run-order">
            {lineup.map((p, index) => (
              <li key={p.id} className="run-order__item" data-product-id={p.id}>
                <span className="run-order__index">{index + 1}</span>
                <img className="run-order__thumb" src={p.image} alt="" />
                <span className="run-order__name">{p.name[locale]}</span>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={t('hostShows.moveUp', { name: p.name[locale] })}
                  disabled={index === 0}
                  onClick={() => update({ productIds: move(draft.productIds, draft.productIds.indexOf(p.id), -1) })}
                >
                  <ArrowUp size={16} aria-hidden="true" />
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={t('hostShows.moveDown', { name: p.name[locale] })}
                  disabled={index === lineup.length - 1}
                  onClick={() => update({ productIds: move(draft.productIds, draft.productIds.indexOf(p.id), 1) })}
                >
                  <ArrowDown size={16} aria-hidden="true" />
                </button>
              </li>
            ))}
          </ol>
        )}
        {products.status === 'loading' && !products.data && <Spinner />}
        {products.status === 'error' && <ErrorMessage error={products.error} onRetry={products.reload} compact />}
        {products.data && (
          <ul className="product-picker" data-testid="product-picker">
            {products.data.items.map((p) => (
              <li key={p.id}>
                <label className="product-picker__item">
                  <input
                    type="checkbox"
                    data-testid="pick-product"
                    data-product-id={p.id}
                    checked={draft.productIds.includes(p.id)}
                    onChange={(e) => toggle(p.id, e.target.checked)}
                  />
                  <img className="product-picker__thumb" src={p.image} alt="" loading="lazy" />
                  <span>{p.name[locale]}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset className="show-form__group">
        <legend className="field__label">{t('hostShows.cover')}</legend>
        <div className="cover-picker">
          <label className="cover-picker__item">
            <input type="radio" name="cover" value="" checked={draft.cover === ''} onChange={() => update({ cover: '' })} />
            <span className="cover-picker__auto">{t('hostShows.coverFirst')}</span>
          </label>
          {coverChoices.map((src) => (
            <label key={src} className="cover-picker__item">
              <input type="radio" name="cover" value={src} checked={draft.cover === src} onChange={() => update({ cover: src })} />
              <img className="cover-picker__thumb" src={src} alt={t('hostShows.coverOption')} />
            </label>
          ))}
        </div>
      </fieldset>

      {failure !== null && <ErrorMessage error={failure} />}
      <div className="show-form__actions">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          {t('hostShows.cancel')}
        </button>
        <button type="submit" className="button button--primary" data-testid="save-show" disabled={busy}>
          {mode === 'create' ? t('hostShows.create') : t('hostShows.save')}
        </button>
      </div>
    </form>
  );
}
