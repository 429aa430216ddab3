import { CreditCard, MapPin, UserRound } from 'lucide-react';
import { Link } from 'react-router';
import { SavedAddressForm } from '../../features/account/SavedAddressForm';
import { SavedCardPanel } from '../../features/account/SavedCardPanel';
import { SignOutButton } from '../../features/account/SignOutButton';
import { EmptyState } from '../../lib/ui/EmptyState';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Panel } from '../../lib/ui/Panel';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

export function AccountPage() {
  const { t } = useI18n();
  useDocumentTitle(t('account.title'));
  const me = useStore((s) => s.me);
  const status = useStore((s) => s.sessionStatus);
  const error = useStore((s) => s.sessionError);
  const reload = useStore((s) => s.loadSession);

  let body;
  if (!me && status === 'error') {
    body = <ErrorMessage error={error} onRetry={() => void reload()} />;
  } else if (!me) {
    body = <LoadingBlock />;
  } else if (!me.user) {
    body = (
      <EmptyState icon={UserRound} text={t('account.guest')}>
        <div className="empty-state__actions">
          <Link to="/login?next=/account" className="button button--primary">
            {t('nav.signIn')}
          </Link>
          <Link to="/register?next=/account" className="button button--secondary">
            {t('login.register')}
          </Link>
        </div>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <div className="account__who">
          <p className="muted" data-testid="account-who">
            {t('account.signedInAs', { name: me.user.displayName, email: me.user.email })}
          </p>
          <SignOutButton />
        </div>
        <div className="account__grid">
          <Panel id="saved-address-title" icon={MapPin} title={t('account.address')}>
            <p className="muted">{t('account.addressHint')}</p>
            <SavedAddressForm key={me.user.id} me={me} />
          </Panel>
          <Panel id="saved-card-title" icon={CreditCard} title={t('account.card')}>
            <SavedCardPanel me={me} />
          </Panel>
        </div>
      </>
    );
  }

  return (
    <main className="page page--account">
      <h1 className="page-title">{t('account.title')}</h1>
      {body}
    </main>
  );
}
