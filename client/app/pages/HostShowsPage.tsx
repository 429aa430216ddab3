import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CreateShowRequest, ShowSummary } from '../../../common/api';
import { createShow, fetchMyShows, updateShow } from '../../features/host-shows/api';
import { draftOf, emptyDraft, type ShowDraft } from '../../features/host-shows/draft';
import { HostShowList } from '../../features/host-shows/HostShowList';
import { ShowForm } from '../../features/host-shows/ShowForm';
import '../../features/host-shows/host-shows.css';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';
import { useResource } from '../../lib/useResource';
import { useStore } from '../../stores';

type Editing = { kind: 'none' } | { kind: 'new'; draft: ShowDraft } | { kind: 'edit'; id: string; draft: ShowDraft };

/** /host: a host's (or admin's) own shows, a form for a new one, and edits to scheduled ones. */
export function HostShowsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('hostShows.title'));
  const user = useStore((s) => s.me?.user ?? null);
  const sessionStatus = useStore((s) => s.sessionStatus);

  if (sessionStatus === 'idle' || sessionStatus === 'loading') {
    return (
      <main className="page" data-testid="host-shows">
        <LoadingBlock />
      </main>
    );
  }
  if (!user || (user.role !== 'host' && user.role !== 'admin')) {
    return (
      <main className="page page--narrow" data-testid="host-shows">
        <h1 className="page-title">{t('hostShows.title')}</h1>
        <p className="host-shows__gate" data-testid="hosts-only">
          {t('hostShows.hostsOnly')}
        </p>
        <Link className="button button--primary" to={`/login?next=${encodeURIComponent('/host')}`}>
          {t('nav.signIn')}
        </Link>
      </main>
    );
  }
  // Keyed by the user so that signing in as someone else starts from a clean list and form.
  return <HostShows key={user.id} userId={user.id} />;
}

function HostShows({ userId }: { userId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const shows = useResource(`mine:${userId}`, fetchMyShows);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });

  async function create(request: CreateShowRequest) {
    const created = await createShow(request);
    // A new show is made to go live: straight to its studio.
    await navigate(`/studio/${created.id}`);
  }

  async function save(id: string, request: CreateShowRequest) {
    await updateShow(id, request);
    setEditing({ kind: 'none' });
    shows.reload();
  }

  const startEdit = (show: ShowSummary) => {
    setEditing({ kind: 'edit', id: show.id, draft: draftOf(show) });
    window.scrollTo({ top: 0 });
  };

  return (
    <main className="page" data-testid="host-shows">
      <div className="host-shows__head">
        <h1 className="page-title">{t('hostShows.title')}</h1>
        {editing.kind === 'none' && (
          <button type="button" className="button button--primary" data-testid="new-show" onClick={() => setEditing({ kind: 'new', draft: emptyDraft() })}>
            <Plus size={18} aria-hidden="true" />
            {t('hostShows.new')}
          </button>
        )}
      </div>
      {editing.kind === 'new' && (
        <ShowForm mode="create" initial={editing.draft} onSubmit={create} onCancel={() => setEditing({ kind: 'none' })} />
      )}
      {editing.kind === 'edit' && (
        <ShowForm
          key={editing.id}
          mode="edit"
          initial={editing.draft}
          onSubmit={(request) => save(editing.id, request)}
          onCancel={() => setEditing({ kind: 'none' })}
        />
      )}
      {shows.status === 'error' && <ErrorMessage error={shows.error} onRetry={shows.reload} />}
      {shows.data ? <HostShowList shows={shows.data} onEdit={startEdit} /> : shows.status === 'loading' && <LoadingBlock />}
    </main>
  );
}
