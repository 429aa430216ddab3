import { loginSchema } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';
import { AuthForm, useAuthFields } from './AuthForm';

export function LoginForm({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useI18n();
  const login = useStore((s) => s.login);
  const { check, field } = useAuthFields({ email: '', password: '' }, { email: 'form.invalidEmail', password: 'form.required' });

  const prepare = () => {
    const value = check(loginSchema);
    if (!value) return null;
    return async () => {
      await login(value.email, value.password);
      onSignedIn();
    };
  };

  return (
    <AuthForm testId="login-submit" submitLabel={t('login.submit')} busyLabel={t('login.submitting')} prepare={prepare}>
      {field('email', 'login.email', 'email', 'email')}
      {field('password', 'login.password', 'password', 'current-password')}
    </AuthForm>
  );
}
