import { Tag, X } from 'lucide-react';
import { useId, useState } from 'react';
import type { Cart } from '../../../common/api';
import { translateOptional } from '../../lib/i18n';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function DiscountForm({ cart }: { cart: Cart }) {
  const { locale, t } = useI18n();
  const id = useId();
  const applyDiscount = useStore((s) => s.applyDiscount);
  const removeDiscount = useStore((s) => s.removeDiscount);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setCode('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (cart.discountCode) {
    // discountProblem is an error code (DISCOUNT_MINIMUM_NOT_MET…) when the server has one for it.
    const problem = cart.discountProblem
      ? (translateOptional(locale, `error.${cart.discountProblem}`) ?? cart.discountProblem)
      : null;
    return (
      <div className="discount">
        <div className="discount__applied">
          <span className="chip chip--static">
            <Tag size={14} aria-hidden="true" />
            {t('cart.codeApplied', { code: cart.discountCode })}
          </span>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={t('cart.removeCode', { code: cart.discountCode })}
            disabled={busy}
            onClick={() => run(removeDiscount)}
          >
            {busy ? <Spinner size={16} /> : <X size={16} aria-hidden="true" />}
          </button>
        </div>
        {problem && (
          <p className="discount__problem" role="status" data-testid="discount-problem">
            {problem}
          </p>
        )}
        {error !== null && <ErrorMessage error={error} compact />}
      </div>
    );
  }

  return (
    <form
      className="discount"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = code.trim();
        if (trimmed) void run(() => applyDiscount(trimmed));
      }}
    >
      <label htmlFor={id} className="field__label">
        {t('cart.discountCode')}
      </label>
      <div className="discount__row">
        <input
          id={id}
          className="input"
          value={code}
          maxLength={40}
          autoCapitalize="characters"
          autoComplete="off"
          disabled={busy}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" className="button button--secondary" disabled={busy || !code.trim()}>
          {busy && <Spinner size={16} />}
          {t('cart.apply')}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} compact />}
    </form>
  );
}
