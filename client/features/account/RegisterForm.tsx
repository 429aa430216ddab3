import { useId, useState } from 'react';
import { registerSchema } from '../../../common/api';
import { checkWith, type FieldErrors } from '../../lib/forms';
import type { MessageKey } from '../../lib/i18n';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import './account.css';

type Field = 'displayName' | 'email' | 'password';

const fieldProblem: Record<Field, MessageKey> = {
  displayName: 'form.required',
  email: 'form.invalidEmail',
  password: 'form.passwordShort',
};

export function RegisterForm({ onRegistered }: { onRegistered(): void }) {
  const { t } = useI18n();
  const id = useId();
  const register = useStore((s) => s.register);
  const [values, setValues] = useState<Record<Field, string>>({ displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const checked = checkWith<typeof registerSchema, Field>(registerSchema, { ...values, email: values.email.trim() });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      await register(checked.value.email, checked.value.password, checked.value.displayName);
      onRegistered();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const field = (name: Field, label: MessageKey, type: string, autoComplete: string, hint?: MessageKey) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`} className="field__label">
        {t(label)}
      </label>
      <input
        id={`${id}-${name}`}
        type={type}
        className="input"
        autoComplete={autoComplete}
        value={values[name]}
        required
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      />
      {hint && !errors[name] && (
        <span id={`${id}-${name}-hint`} className="field__hint">
          {t(hint)}
        </span>
      )}
      {errors[name] && <span className="field__error">{t(fieldProblem[name])}</span>}
    </div>
  );

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
        {field('displayName', 'register.displayName', 'text', 'nickname')}
        {field('email', 'login.email', 'email', 'email')}
        {field('password', 'login.password', 'password', 'new-password', 'register.passwordHint')}
      </fieldset>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="button button--primary button--large button--block" disabled={busy} data-testid="register-submit">
        {busy && <Spinner size={18} label={t('register.submitting')} />}
        {busy ? t('register.submitting') : t('register.submit')}
      </button>
    </form>
  );
}
