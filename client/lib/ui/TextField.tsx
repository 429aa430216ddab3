import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> {
  id: string;
  label: ReactNode;
  /** More classes for the wrapper, after `field`. */
  className?: string;
  /** What is wrong with the value, shown under it; the input is then aria-invalid. */
  error?: string;
  /** Help shown under the input while there is no error; the input is described by it. */
  hint?: string;
  /** Give the error an id and describe the input by it while it shows. */
  describeError?: boolean;
}

/** A labelled text input with its hint or error under it (the `.field` styles of base.css). */
export function TextField({ id, label, className, error, hint, describeError = false, ...input }: Props) {
  const errorId = describeError ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input id={id} className="input" {...input} aria-invalid={error ? true : undefined} aria-describedby={(error && errorId) || hintId} />
      {hint && !error && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}
