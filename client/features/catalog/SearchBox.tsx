import { Search, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../lib/useI18n';

const typingPauseMs = 350;

/** Searches as the shopper pauses typing, and at once on Enter. */
export function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [syncedValue, setSyncedValue] = useState(value);
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  // The URL can change under us (back button, a category link); follow it.
  if (value !== syncedValue) {
    setSyncedValue(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft.trim() === value.trim()) return;
    const timer = setTimeout(() => onSearchRef.current(draft.trim()), typingPauseMs);
    return () => clearTimeout(timer);
  }, [draft, value]);

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(draft.trim());
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {t('catalog.search')}
      </label>
      <Search size={18} aria-hidden="true" className="search-box__icon" />
      <input
        id={id}
        type="search"
        className="input search-box__input"
        placeholder={t('catalog.searchPlaceholder')}
        value={draft}
        maxLength={100}
        enterKeyHint="search"
        onChange={(event) => setDraft(event.target.value)}
      />
      {draft && (
        <button
          type="button"
          className="icon-button search-box__clear"
          aria-label={t('catalog.clearSearch')}
          onClick={() => {
            setDraft('');
            onSearch('');
          }}
        >
          <X size={16} aria-hidden="true" />
        </button>
      )}
      <button type="submit" className="visually-hidden">
        {t('catalog.searchSubmit')}
      </button>
    </form>
  );
}
