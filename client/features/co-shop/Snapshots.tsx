// Try-on looks sent to the room: a strip of pictures (members only, so each is fetched with the
// invite header and shown from a blob: URL, released when it leaves the strip), and a way to send
// a look from a camera frame when no try-on view is open.
import { Camera, Images } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { RoomSnapshot } from '../../../common/rooms';
import { formatTime } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { fetchSnapshotImage } from './api';
import { sendSnapshot, useRoom } from './hooks';
import type { RoomCore } from './room';

export function SnapshotStrip({ core }: { core: RoomCore }) {
  const { t } = useI18n();
  const snapshots = useRoom(core, (s) => s.snapshots);
  if (snapshots.length === 0) {
    return (
      <div className="room-snapshots room-snapshots--empty" data-testid="room-snapshots">
        <Images size={24} aria-hidden="true" />
        <p>{t('coshop.noSnapshots')}</p>
      </div>
    );
  }
  return (
    <ul className="room-snapshots" data-testid="room-snapshots" aria-label={t('coshop.snapshots')}>
      {[...snapshots].reverse().map((snapshot) => (
        <SnapshotItem key={snapshot.id} core={core} snapshot={snapshot} />
      ))}
    </ul>
  );
}

function SnapshotItem({ core, snapshot }: { core: RoomCore; snapshot: RoomSnapshot }) {
  const { locale, t } = useI18n();
  const who = useRoom(core, (s) => (s.me?.id === snapshot.memberId ? null : (s.members.find((m) => m.id === snapshot.memberId)?.displayName ?? t('coshop.formerMember'))));
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    let made: string | null = null;
    fetchSnapshotImage(core.ref, snapshot.url, abort.signal).then(
      (blob) => {
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => {
        if (!abort.signal.aborted) setFailed(true);
      },
    );
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [core, snapshot.url]);
  const caption = who === null ? t('coshop.snapshotYours') : t('coshop.snapshotBy', { name: who });
  return (
    <li className="room-snapshot" data-testid="room-snapshot" data-snapshot-id={snapshot.id} data-loaded={url !== null}>
      <div className="room-snapshot__picture" style={{ aspectRatio: `${snapshot.width} / ${snapshot.height}` }}>
        {url ? <img src={url} alt={caption} /> : failed ? <span>{t('coshop.snapshotFailed')}</span> : <Spinner />}
      </div>
      <span className="room-snapshot__caption">
        {caption} · {formatTime(snapshot.at, locale)}
      </span>
    </li>
  );
}

/** One frame of a playing video as a JPEG (the server re-encodes it anyway). */
export async function captureFrame(video: HTMLVideoElement, quality = 0.85): Promise<Blob> {
  if (!video.videoWidth || !video.videoHeight) throw new Error('The camera is not showing a picture yet');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot take a picture');
  context.drawImage(video, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No picture'))), 'image/jpeg', quality));
}

/**
 * Sends the look: a Blob from the try-on view (its onSnapshot), or, without one, a frame of our own
 * camera as the room sees it. Either way the same upload.
 */
export function SendLookButton({ core, camera, productId }: { core: RoomCore; camera: MediaStream | null; productId?: string | null }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const send = async () => {
    if (!camera) return;
    setBusy(true);
    setError(null);
    const video = document.createElement('video');
    try {
      video.muted = true;
      video.playsInline = true;
      video.srcObject = camera;
      await video.play();
      if (!video.videoWidth) await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
      await sendSnapshot(core, await captureFrame(video), productId);
      setSent(true);
      setTimeout(() => setSent(false), 2000);
    } catch (e) {
      setError(e);
    } finally {
      video.srcObject = null;
      setBusy(false);
    }
  };
  return (
    <div className="room-send-look">
      <button type="button" className="button button--secondary button--small" disabled={!camera?.getVideoTracks().length || busy} onClick={() => void send()} data-testid="send-look">
        {busy ? <Spinner size={16} /> : <Camera size={16} aria-hidden="true" />}
        {sent ? t('coshop.lookSent') : t('coshop.sendLook')}
      </button>
      {error !== null && <ErrorMessage error={error} compact />}
    </div>
  );
}
