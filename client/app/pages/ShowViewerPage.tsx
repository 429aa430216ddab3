import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { ShowDetail } from '../../../common/api';
import { ViewerStage } from '../../features/live/ViewerStage';
import { apiRequest } from '../../lib/api';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useI18n } from '../../lib/useI18n';

/** A live show, video first. The title is a nicety: the video does not wait for it. */
export function ShowViewerPage() {
  const { id = '' } = useParams();
  const { locale, t } = useI18n();
  const [show, setShow] = useState<ShowDetail | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    apiRequest<ShowDetail>('GET', `/api/shows/${encodeURIComponent(id)}`, { signal: abort.signal }).then(setShow, () => undefined);
    return () => abort.abort();
  }, [id]);
  const title = show && show.id === id ? show.title[locale] : null;
  useDocumentTitle(title ?? t('stage.viewerTitle'));
  return <ViewerStage key={id} showId={id} title={title} />;
}
