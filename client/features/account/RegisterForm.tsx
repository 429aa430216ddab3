import { registerSchema } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { AuthForm, useAuthFields } from './AuthForm';

export function RegisterForm({ onRegistered }: { onRegistered(): void }) {
  const { t } = useI18n();
  const register = useStore((s) => s.register);
  const { check, field } = useAuthFields(
    { displayName: '', email: '', password: '' },
    { displayName: 'form.required', email: 'form.invalidEmail', password: 'form.passwordShort' },
  );

  const prepare = () => {
    const value = check(registerSchema);
    if (!value) return null;
    return async () => {
      await register(value.email, value.password, value.displayName);
      onRegistered();
    };
  };

  return (
    <AuthForm testId="register-submit" submitLabel={t('register.submit')} busyLabel={t('register.submitting')} prepare={prepare}>
      {field('displayName', 'register.displayName', 'text', 'nickname')}
      {field('email', 'login.email', 'email', 'email')}
      {field('password', 'login.password', 'password', 'new-password', 'register.passwordHint')}
    </AuthForm>
  );
}
