import { CalendarClock, Radio } from 'lucide-react';
import { Link } from 'react-router';
import type { ShowSummary } from '../../../common/api';
import { formatShowTime } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Skeleton } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useShows } from './hooks';
import './catalog.css';

function ShowCard({ show }: { show: ShowSummary }) {
  const { locale, t } = useI18n();
  const live = show.state === 'live';
  return (
    <li className={`show-card${live ? ' show-card--live' : ''}`} data-testid="show-card" data-show-id={show.id} data-state={show.state}>
      <Link to={`/shows/${encodeURIComponent(show.id)}`} className="show-card__link">
        <span className="show-card__cover">
          <img src={show.cover} alt="" width={800} height={800} loading="lazy" decoding="async" />
          {live ? (
            <span className="badge badge--live show-card__badge">
              <Radio size={12} aria-hidden="true" />
              {t('show.live')}
            </span>
          ) : (
            <span className="badge badge--upcoming show-card__badge">{t('show.upcoming')}</span>
          )}
        </span>
        <span className="show-card__body">
          <span className="show-card__title">{show.title[locale]}</span>
          <span className="show-card__host">{t('show.hostedBy', { host: show.hostName })}</span>
          <span className="show-card__time">
            <CalendarClock size={14} aria-hidden="true" />
            <time dateTime={show.scheduledAt}>{formatShowTime(show.scheduledAt, locale)}</time>
          </span>
        </span>
      </Link>
    </li>
  );
}

export function ShowStrip() {
  const { t } = useI18n();
  const shows = useShows();
  return (
    <section className="show-strip" aria-labelledby="show-strip-title">
      <h2 id="show-strip-title" className="section-title">
        {t('home.showsTitle')}
      </h2>
      {shows.status === 'error' && !shows.data ? (
        <ErrorMessage error={shows.error} onRetry={shows.reload} />
      ) : !shows.data ? (
        <ul className="show-strip__list" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="show-card show-card--skeleton">
              <Skeleton className="show-card__cover" />
              <span className="show-card__body">
                <Skeleton className="skeleton--text" />
                <Skeleton className="skeleton--text skeleton--short" />
              </span>
            </li>
          ))}
        </ul>
      ) : shows.data.length === 0 ? (
        <p className="empty-state empty-state--inline">{t('home.noShows')}</p>
      ) : (
        <ul className="show-strip__list">
          {shows.data.map((show) => (
            <ShowCard key={show.id} show={show} />
          ))}
        </ul>
      )}
    </section>
  );
}
