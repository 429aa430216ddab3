// The host's side of a show: choose camera and microphone, see yourself, go live, mute, end.
import { Mic, MicOff, Radio, Square, Video, VideoOff } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiRequest, isApiError } from '../../lib/api';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useMediaStatus, useShowMediaSession } from './media/useMediaSession';
import { StageBadge } from './StageBadge';
import { useCamera, type CameraProblem } from './useCamera';
import './live.css';

const problemKey = { denied: 'studio.cameraDenied', missing: 'studio.noCamera', insecure: 'studio.insecure', failed: 'studio.cameraDenied' } as const satisfies Record<CameraProblem, string>;

/** Going live twice (a reload mid-show) is not an error: the show is live either way. */
async function markLive(showId: string) {
  try {
    await apiRequest('POST', `/api/shows/${encodeURIComponent(showId)}/live`, { body: {} });
  } catch (error) {
    if (!isApiError(error, 'INVALID_TRANSITION') && !isApiError(error, 'CONFLICT')) throw error;
  }
}

interface Props {
  showId: string;
  /** Over the preview, beside the state badge (the "just bought" ticker). */
  overlay?: ReactNode;
  /** Under the preview: the run-sheet. */
  below?: ReactNode;
  /** Under the controls: the chat panel and moderation. */
  side?: ReactNode;
}

export function StudioStage({ showId, overlay, below, side }: Props) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<'preview' | 'live' | 'ended'>('preview');
  const [cameraId, setCameraId] = useState('');
  const [microphoneId, setMicrophoneId] = useState('');
  const [micMuted, setMicMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const camera = useCamera(cameraId, microphoneId, phase !== 'ended');
  const { session, error: sessionError } = useShowMediaSession(showId);
  const status = useMediaStatus(session);
  const previewRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = previewRef.current;
    if (!video) return;
    video.srcObject = camera.stream;
    if (camera.stream) void video.play().catch(() => undefined);
  }, [camera.stream]);

  // Muting disables the tracks rather than removing them: viewers keep their connection, and a new
  // device keeps the choice.
  useEffect(() => {
    for (const track of camera.stream?.getAudioTracks() ?? []) track.enabled = !micMuted;
    for (const track of camera.stream?.getVideoTracks() ?? []) track.enabled = !cameraOff;
  }, [camera.stream, micMuted, cameraOff]);

  // Another camera chosen while live: the session swaps the tracks in place.
  useEffect(() => {
    if (phase === 'live' && session && camera.stream) void session.publish(camera.stream).catch(setActionError);
  }, [phase, session, camera.stream]);

  const goLive = async () => {
    if (!session || !camera.stream) return;
    setBusy(true);
    setActionError(null);
    try {
      await markLive(showId);
      setPhase('live');
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const end = async () => {
    setBusy(true);
    session?.disconnect({ ended: true });
    setPhase('ended');
    try {
      await apiRequest('POST', `/api/shows/${encodeURIComponent(showId)}/end`, { body: {} });
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const viewers = status.viewers ?? 0;
  return (
    <section className="studio" aria-label={t('studio.title')}>
      <div className="studio__main">
        <div className="studio__preview">
          <video ref={previewRef} className="studio__video" data-testid="studio-preview" aria-label={t('studio.preview')} playsInline autoPlay muted />
          <div className="studio__overlay">
            {phase !== 'preview' && <StageBadge status={status} />}
            {phase === 'live' && status.state === 'live' && (
              <span className="studio__viewers" data-testid="studio-viewers">
                {t('studio.viewers', { n: viewers })}
              </span>
            )}
          </div>
          {!camera.stream && !camera.problem && phase !== 'ended' && (
            <div className="studio__placeholder">
              <LoadingBlock label={t('studio.startingCamera')} />
            </div>
          )}
          {overlay && <div className="studio__overlay-bottom">{overlay}</div>}
        </div>
        {below}
      </div>

      <div className="studio__side">
        <div className="studio__panel">
          {camera.problem && (
            <p className="studio__problem" role="alert" data-testid="camera-problem">
              {t(problemKey[camera.problem])}
            </p>
          )}
          {sessionError ? <ErrorMessage error={sessionError} /> : null}
          {status.state === 'error' && (
            <p className="studio__problem" role="alert">
              {status.error}
            </p>
          )}
          {actionError ? <ErrorMessage error={actionError} /> : null}
          {phase === 'ended' && <p className="studio__done">{t('studio.ended')}</p>}

          {phase !== 'ended' && (
            <>
              <div className="studio__devices">
                <label className="field">
                  <span className="field__label">{t('studio.camera')}</span>
                  <select className="input" value={cameraId} onChange={(e) => setCameraId(e.target.value)} data-testid="camera-select">
                    {camera.cameras.map((d, i) => (
                      <option key={d.deviceId || i} value={d.deviceId}>
                        {d.label || `${t('studio.camera')} ${i + 1}`}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span className="field__label">{t('studio.microphone')}</span>
                  <select className="input" value={microphoneId} onChange={(e) => setMicrophoneId(e.target.value)} data-testid="microphone-select">
                    {camera.microphones.map((d, i) => (
                      <option key={d.deviceId || i} value={d.deviceId}>
                        {d.label || `${t('studio.microphone')} ${i + 1}`}
                      </option>
                    ))}
                  </select>
                </label>
              </div>

              <div className="studio__controls">
                <button type="button" className="button button--secondary" onClick={() => setMicMuted(!micMuted)} aria-pressed={micMuted} data-testid="toggle-mic">
                  {micMuted ? <MicOff size={18} aria-hidden="true" /> : <Mic size={18} aria-hidden="true" />}
                  {micMuted ? t('studio.unmuteMic') : t('studio.muteMic')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setCameraOff(!cameraOff)} aria-pressed={cameraOff} data-testid="toggle-camera">
                  {cameraOff ? <VideoOff size={18} aria-hidden="true" /> : <Video size={18} aria-hidden="true" />}
                  {cameraOff ? t('studio.cameraOn') : t('studio.cameraOff')}
                </button>
                {phase === 'preview' ? (
                  <button type="button" className="button button--primary studio__go" onClick={() => void goLive()} disabled={!session || !camera.stream || busy} data-testid="go-live">
                    <Radio size={18} aria-hidden="true" />
                    {t('studio.goLive')}
                  </button>
                ) : (
                  <button type="button" className="button button--danger studio__go" onClick={() => void end()} disabled={busy} data-testid="end-show">
                    <Square size={18} aria-hidden="true" />
                    {t('studio.end')}
                  </button>
                )}
              </div>
            </>
          )}
        </div>
        {side}
      </div>
    </section>
  );
}
