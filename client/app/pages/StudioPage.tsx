import { Link, useParams } from 'react-router';
import { StudioEngagement } from '../../features/engagement/LiveEngagement';
import { PurchaseTicker } from '../../features/live/PurchaseTicker';
import { RunSheet } from '../../features/live/RunSheet';
import { useShowStore } from '../../features/live/useShow';
import { StudioStage } from '../../features/live/StudioStage';
import '../../features/live/selling.css';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useStore } from '../../stores';

/**
 * Slot for the host's chat panel and moderation (client/features/engagement), under the go-live
 * controls. Mount it by returning the component here.
 */
function StudioSideSlot({ showId }: { showId: string }) {
  return <StudioEngagement showId={showId} />;
}

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
  return <Studio key={showId} showId={showId} />;
}

function Studio({ showId }: { showId: string }) {
  const { store, error, retry } = useShowStore(showId);
  return (
    <StudioStage
      showId={showId}
      overlay={<PurchaseTicker store={store} />}
      below={
        <>
          {error !== null && <ErrorMessage error={error} onRetry={retry} />}
          <RunSheet store={store} showId={showId} />
        </>
      }
      side={
        <aside className="live-side live-side--studio">
          <StudioSideSlot showId={showId} />
        </aside>
      }
    />
  );
}
