import { Pencil, Radio, Tv } from 'lucide-react';
import { Link } from 'react-router';
import type { ShowSummary } from '../../../common/api';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/useI18n';

/** The host's shows in the server's order, each with the way into its studio or its viewer page. */
export function HostShowList({ shows, onEdit }: { shows: ShowSummary[]; onEdit(show: ShowSummary): void }) {
  const { locale, t } = useI18n();
  if (shows.length === 0) return <p className="host-shows__empty">{t('hostShows.empty')}</p>;
  return (
    <ul className="host-show-list">
      {shows.map((show) => (
        <li key={show.id} className="host-show-row" data-testid="host-show-row" data-show-id={show.id}>
          <img className="host-show-row__cover" src={show.cover} alt="" loading="lazy" />
          <div className="host-show-row__body">
            <span className={`badge host-show-state host-show-state--${show.state}`} data-testid="show-state" data-state={show.state}>
              {t(`hostShows.state.${show.state}`)}
            </span>
            <h3 className="host-show-row__title">{show.title[locale]}</h3>
            <p className="host-show-row__meta">
              <time dateTime={show.scheduledAt}>{formatDateTime(show.scheduledAt, locale)}</time>
              {' · '}
              {t('show.products', { n: show.productIds.length })}
            </p>
          </div>
          <div className="host-show-row__actions">
            {show.state !== 'ended' && (
              <Link className="button button--primary button--small" to={`/studio/${show.id}`} data-testid="open-studio">
                <Radio size={16} aria-hidden="true" />
                {t('hostShows.openStudio')}
              </Link>
            )}
            {show.state === 'scheduled' && (
              <button type="button" className="button button--secondary button--small" data-testid="edit-show" onClick={() => onEdit(show)}>
                <Pencil size={16} aria-hidden="true" />
                {t('hostShows.edit')}
              </button>
            )}
            <Link className="button button--ghost button--small" to={`/shows/${show.id}`} data-testid="watch-show">
              <Tv size={16} aria-hidden="true" />
              {t('hostShows.watch')}
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}
