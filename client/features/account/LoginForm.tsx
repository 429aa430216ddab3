import { useId, useState } from 'react';
import { loginSchema } from '../../../common/api';
import { checkWith, type FieldErrors } from '../../lib/forms';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import './account.css';

type Field = 'email' | 'password';

export function LoginForm({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useI18n();
  const id = useId();
  const login = useStore((s) => s.login);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const checked = checkWith<typeof loginSchema, Field>(loginSchema, { email: email.trim(), password });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      await login(checked.value.email, checked.value.password);
      onSignedIn();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form
      className="auth-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={busy} className="auth-form__fields">
        <div className="field">
          <label htmlFor={`${id}-email`} className="field__label">
            {t('login.email')}
          </label>
          <input
            id={`${id}-email`}
            type="email"
            className="input"
            autoComplete="email"
            value={email}
            required
            aria-invalid={errors.email ? true : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {errors.email && <span className="field__error">{t('form.invalidEmail')}</span>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`} className="field__label">
            {t('login.password')}
          </label>
          <input
            id={`${id}-password`}
            type="password"
            className="input"
            autoComplete="current-password"
            value={password}
            required
            aria-invalid={errors.password ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
          {errors.password && <span className="field__error">{t('form.required')}</span>}
        </div>
      </fieldset>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="button button--primary button--large button--block" disabled={busy} data-testid="login-submit">
        {busy && <Spinner size={18} label={t('login.submitting')} />}
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
