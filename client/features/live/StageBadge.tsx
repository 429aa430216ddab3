import type { MediaStatus } from './media/session';
import { useI18n } from '../../lib/useI18n';

/** The media state in a word, always on screen: a viewer can tell "live" from "reconnecting" at a glance. */
export function StageBadge({ status }: { status: MediaStatus }) {
  const { t } = useI18n();
  return (
    <span className={`stage-badge stage-badge--${status.state}`} data-testid="stage-state" data-state={status.state} role="status">
      {t(`stage.state.${status.state}`)}
    </span>
  );
}
