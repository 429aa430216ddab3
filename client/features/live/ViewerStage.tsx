// The viewer's video, first and foremost: it fills a phone held upright and stays central on a
// laptop. It starts muted (browsers only autoplay silent video) with a clear tap to unmute, and
// every state of the connection is shown over it.
import { ArrowLeft, Volume2, VolumeX } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../lib/api';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useMediaStatus, useShowMediaSession } from './media/useMediaSession';
import { StageBadge } from './StageBadge';
import './live.css';

interface Props {
  showId: string;
  title: string | null;
  /** More badges and buttons in the top bar (show state, viewer count, cart). */
  topExtras?: ReactNode;
  /** What floats over the video: product cards, the deal banner, chat and reactions. */
  children?: ReactNode;
}

export function ViewerStage({ showId, title, topExtras, children }: Props) {
  const { t } = useI18n();
  const { session, error } = useShowMediaSession(showId);
  const status = useMediaStatus(session);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [muted, setMuted] = useState(true);

  useEffect(() => {
    const video = videoRef.current;
    if (!session || !video) return;
    const stream = session.subscribe();
    const detach = session.attach(video);
    // Tracks arrive after the element has its stream; nudge playback when they do.
    const play = () => void video.play().catch(() => undefined);
    stream.addEventListener('addtrack', play);
    play();
    return () => {
      stream.removeEventListener('addtrack', play);
      detach();
    };
  }, [session]);

  const toggleSound = () => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = !muted;
    setMuted(!muted);
    void video.play().catch(() => undefined);
  };

  let notice: React.ReactNode = null;
  // The server refuses media for a show that is over: that is news, not a failure.
  const showEnded = isApiError(error, 'INVALID_TRANSITION');
  if (error && !showEnded) notice = <ErrorMessage error={error} />;
  else if (status.state === 'full') notice = <p data-testid="stage-full">{t('stage.full')}</p>;
  else if (status.state === 'ended' || showEnded) notice = <p>{t('stage.ended')}</p>;
  else if (status.state === 'error') notice = <p role="alert">{status.error ?? t('stage.state.error')}</p>;
  else if (status.state === 'reconnecting')
    notice = (
      <p>
        <Spinner /> {t('stage.reconnecting')}
      </p>
    );
  else if (status.waitingForHost) notice = <p>{t('stage.waitingForHost')}</p>;
  else if (status.state === 'connecting' || status.state === 'idle') notice = <Spinner size={32} />;

  return (
    <section className="viewer-stage" aria-label={title ?? t('stage.viewerTitle')}>
      <video ref={videoRef} className="viewer-stage__video" data-testid="stage-video" playsInline autoPlay muted />
      <div className="viewer-stage__top">
        <Link to="/" className="stage-icon-button" aria-label={t('stage.back')}>
          <ArrowLeft size={20} aria-hidden="true" />
        </Link>
        <StageBadge status={showEnded ? { state: 'ended' } : status} />
        {title && <h1 className="viewer-stage__title">{title}</h1>}
        {topExtras}
      </div>
      {notice && <div className="viewer-stage__notice">{notice}</div>}
      {children}
      {status.state === 'live' && (
        <button type="button" className={`stage-sound${muted ? ' stage-sound--muted' : ''}`} onClick={toggleSound} data-testid="unmute" aria-pressed={!muted}>
          {muted ? <VolumeX size={20} aria-hidden="true" /> : <Volume2 size={20} aria-hidden="true" />}
          {muted ? t('stage.tapToUnmute') : t('stage.mute')}
        </button>
      )}
    </section>
  );
}
