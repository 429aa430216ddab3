import { LoginForm } from '../../features/account/LoginForm';
import { AuthPage } from '../AuthPage';

export function LoginPage() {
  return (
    <AuthPage
      title="login.title"
      form={(done) => <LoginForm onSignedIn={done} />}
      switchText="login.noAccount"
      switchLink="login.register"
      switchTo="/register"
    />
  );
}
