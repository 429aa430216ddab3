import { Link, useParams } from 'react-router';
import { StudioStage } from '../../features/live/StudioStage';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

/** The host's studio for one show. Only its host can go live; the server checks, this page just says so early. */
export function StudioPage() {
  const { showId = '' } = useParams();
  const { t } = useI18n();
  useDocumentTitle(t('studio.title'));
  const signedIn = useStore((s) => s.me?.user ?? null);
  const sessionStatus = useStore((s) => s.sessionStatus);
  if (sessionStatus !== 'loading' && sessionStatus !== 'idle' && !signedIn) {
    return (
      <div className="studio">
        <p>{t('studio.signInFirst')}</p>
        <Link className="button button--primary" to={`/login?next=${encodeURIComponent(`/studio/${showId}`)}`}>
          {t('nav.signIn')}
        </Link>
      </div>
    );
  }
  return <StudioStage key={showId} showId={showId} />;
}
