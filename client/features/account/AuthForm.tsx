import { useId, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { checkWith, type FieldErrors } from '../../lib/forms';
import type { MessageKey } from '../../lib/i18n';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { TextField } from '../../lib/ui/TextField';
import { useI18n } from '../../lib/useI18n';
import './account.css';

/**
 * The text fields of a sign-in or registration form: their values, a check with the contract's
 * schema (the email trimmed) that marks the wrong fields, and each field rendered with its own
 * problem message.
 */
export function useAuthFields<Field extends string>(initial: Record<Field, string>, problems: Record<Field, MessageKey>) {
  const { t } = useI18n();
  const id = useId();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  /** The values the schema accepts, or null after marking the fields it does not. */
  const check = <Schema extends z.ZodType>(schema: Schema): z.output<Schema> | null => {
    const input: Record<string, string> = { ...values };
    if ('email' in input) input.email = input.email!.trim();
    const checked = checkWith<Schema, Field>(schema, input);
    setErrors(checked.ok ? {} : checked.errors);
    return checked.ok ? checked.value : null;
  };

  const field = (name: Field, label: MessageKey, type: string, autoComplete: string, hint?: MessageKey) => (
    <TextField
      id={`${id}-${name}`}
      label={t(label)}
      type={type}
      autoComplete={autoComplete}
      value={values[name]}
      required
      error={errors[name] && t(problems[name])}
      hint={hint && t(hint)}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
    />
  );

  return { check, field };
}

interface Props {
  /** The submit button's data-testid. */
  testId: string;
  submitLabel: string;
  busyLabel: string;
  /** The request to send, or null when a field is wrong (and marked) and nothing is sent. */
  prepare(): (() => Promise<void>) | null;
  /** The fields, disabled together while the request runs. */
  children: ReactNode;
}

/** The sign-in and registration forms' frame: fields, the server's error, a button that shows progress. */
export function AuthForm({ testId, submitLabel, busyLabel, prepare, children }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const send = prepare();
    if (!send) return;
    setBusy(true);
    setError(null);
    try {
      await send();
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
        {children}
      </fieldset>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" className="button button--primary button--large button--block" disabled={busy} data-testid={testId}>
        {busy && <Spinner size={18} label={busyLabel} />}
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
