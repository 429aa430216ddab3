import { RegisterForm } from '../../features/account/RegisterForm';
import { AuthPage } from '../AuthPage';

export function RegisterPage() {
  return (
    <AuthPage
      title="register.title"
      form={(done) => <RegisterForm onRegistered={done} />}
      switchText="register.haveAccount"
      switchLink="register.signIn"
      switchTo="/login"
    />
  );
}
