import { Eye } from 'lucide-react';
import { formatShowTime } from '../../lib/format';
import { useI18n } from '../../lib/useI18n';
import type { ShowStore } from './show';
import { useShow } from './useShow';

/**
 * A show still to come says when it starts. Live and ended are the stage badge's to say (it knows
 * when the connection, not just the show, is live), so they are not said twice.
 */
export function ShowStateBadge({ store }: { store: ShowStore }) {
  const { locale, t } = useI18n();
  const state = useShow(store, (s) => s.state);
  const scheduledAt = useShow(store, (s) => s.detail?.scheduledAt ?? null);
  if (state !== 'scheduled') return null;
  return (
    <span className="show-badge" data-testid="show-state" data-state="scheduled">
      {scheduledAt ? t('live.startsAt', { time: formatShowTime(scheduledAt, locale) }) : t('live.scheduled')}
    </span>
  );
}

/** How many are watching; `atLeast` lets the host count the viewers connected to them on the local stage. */
export function ViewerCount({ store, atLeast = 0 }: { store: ShowStore; atLeast?: number }) {
  const { t } = useI18n();
  const count = Math.max(atLeast, useShow(store, (s) => s.viewerCount));
  const live = useShow(store, (s) => s.state === 'live');
  if (!live || count <= 0) return null;
  return (
    <span className="viewer-count" data-testid="viewer-count" aria-label={t('studio.viewers', { n: count })}>
      <Eye size={14} aria-hidden="true" />
      {count}
    </span>
  );
}
