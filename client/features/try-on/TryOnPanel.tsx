// The try-on panel: the mirrored selfie camera with the product on it, its states, a variant switch,
// a snapshot and close. Pages place it (beside the live video on a laptop, over it on a phone); it
// never touches the page's other media.
import { Camera, CameraOff, Hand, RotateCcw, ScanFace, ShieldCheck, User, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Product } from '../../../common/api';
import type { ModelManifestEntry } from '../../../common/models';
import { apiRequest } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { LoadingBlock, Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import { useResource } from '../../lib/useResource';
import { anchorTask, type MediapipeTaskName } from './anchors';
import { loadTryOnEntry } from './models';
import { webglAvailable } from '../../lib/webgl';
import { composeSnapshot, downloadBlob } from './snapshot';
import { TryOnTracker, type TryOnStatus } from './tracker';
import { useLipsLayer } from './LipsLayer';
import { TryOnOverlay } from './TryOnOverlay';
import './try-on.css';

export interface TryOnPanelProps {
  productId: string;
  variantId: string;
  onVariantChange(variantId: string): void;
  onClose(): void;
  /** Where a snapshot goes (e.g. to co-shopping friends); without it the snapshot is saved as a file. */
  onSnapshot?(blob: Blob): void;
  /** 'panel' beside other content; 'overlay' over it (a phone during a live show). */
  layout?: 'panel' | 'overlay';
}

export function TryOnPanel({ productId, variantId, onVariantChange, onClose, onSnapshot, layout = 'panel' }: TryOnPanelProps) {
  const { locale, t } = useI18n();
  const entry = useResource(`try-on-entry:${productId}`, () => loadTryOnEntry(productId));
  const product = useResource(`try-on-product:${productId}`, (signal) => apiRequest<Product>('GET', `/api/products/${encodeURIComponent(productId)}`, { signal }));
  const [attempt, setAttempt] = useState(0);
  const name = product.data?.name[locale];

  // Escape closes the try-on (and releases the camera), like the other panels.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  return (
    <section className={`try-on try-on--${layout}`} data-testid="try-on" data-product-id={productId} aria-label={t('tryOn.title')} role={layout === 'overlay' ? 'dialog' : undefined}>
      <header className="try-on__head">
        <div>
          <h2 className="try-on__title">{t('tryOn.title')}</h2>
          {name && <p className="try-on__product">{name}</p>}
        </div>
        <button type="button" className="icon-button try-on__close" onClick={onClose} aria-label={t('tryOn.close')} data-testid="try-on-close">
          <X size={20} aria-hidden="true" />
        </button>
      </header>
      {entry.status === 'error' && <ErrorMessage error={new Error(t('tryOn.noModel'))} onRetry={entry.reload} compact />}
      {entry.status === 'loading' && <LoadingBlock label={t('tryOn.loadingModel')} />}
      {entry.data && (
        <TryOnStage
          key={`${productId}:${attempt}`}
          entry={entry.data}
          variantId={variantId}
          productId={productId}
          onRetry={() => setAttempt((a) => a + 1)}
          onSnapshot={onSnapshot}
        >
          {product.data && entry.data && (
            <div className="try-on__variants" role="radiogroup" aria-label={t('tryOn.variants')}>
              {product.data.variants
                .filter((v) => entry.data!.variants[v.id])
                .map((v) => (
                  <button
                    key={v.id}
                    type="button"
                    role="radio"
                    aria-checked={v.id === variantId}
                    className="try-on__variant"
                    data-testid={`try-on-variant-${v.id}`}
                    onClick={() => onVariantChange(v.id)}
                  >
                    <span className="try-on__swatch" style={{ background: entry.data!.variants[v.id]!.color }} aria-hidden="true" />
                    {v.name[locale]}
                  </button>
                ))}
            </div>
          )}
        </TryOnStage>
      )}
      <p className="try-on__privacy">
        <ShieldCheck size={16} aria-hidden="true" />
        {t('tryOn.privacy')}
      </p>
      {product.status === 'error' && <ErrorMessage error={product.error} onRetry={product.reload} compact />}
    </section>
  );
}

const lookingKey: Record<MediapipeTaskName, MessageKey> = { face: 'tryOn.lookingFace', hand: 'tryOn.lookingHand', pose: 'tryOn.lookingBody' };
const closerKey: Record<MediapipeTaskName, MessageKey> = { face: 'tryOn.closerFace', hand: 'tryOn.closerHand', pose: 'tryOn.closerBody' };
const trackerKey: Record<MediapipeTaskName, MessageKey> = { face: 'tryOn.loadingFace', hand: 'tryOn.loadingHand', pose: 'tryOn.loadingBody' };
const problemKey: Record<NonNullable<TryOnStatus['problem']>, MessageKey> = {
  denied: 'tryOn.problem.denied',
  'no-camera': 'tryOn.problem.noCamera',
  insecure: 'tryOn.problem.insecure',
  'camera-failed': 'tryOn.problem.cameraFailed',
  'model-failed': 'tryOn.problem.modelFailed',
  'webgl-unavailable': 'tryOn.problem.webgl',
};

function TryOnStage({ entry, variantId, productId, onRetry, onSnapshot, children }: { entry: ModelManifestEntry; variantId: string; productId: string; onRetry(): void; onSnapshot?(blob: Blob): void; children?: ReactNode }) {
  const { t } = useI18n();
  const kind = entry.anchor!.kind;
  const task = anchorTask[kind];
  const tracker = useMemo(() => new TryOnTracker({ task }), [task]);
  const status = useStore(tracker.status);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const lipsRef = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement | null>(null);
  // Lipstick is drawn in 2D; everything else needs WebGL.
  const [webgl] = useState(() => kind === 'lips' || webglAvailable());
  const [aspect, setAspect] = useState('4 / 3');
  const [snapping, setSnapping] = useState(false);
  const [snapError, setSnapError] = useState<unknown>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !webgl) return;
    const onMeta = () => {
      if (video.videoWidth && video.videoHeight) setAspect(`${video.videoWidth} / ${video.videoHeight}`);
    };
    video.addEventListener('loadedmetadata', onMeta);
    void tracker.start(video);
    return () => {
      video.removeEventListener('loadedmetadata', onMeta);
      tracker.stop();
    };
  }, [tracker, webgl]);

  useLipsLayer(tracker, lipsRef, stageRef, entry.variants[variantId]?.color ?? '', kind === 'lips');

  const phase = webgl ? status.phase : 'problem';
  const problem = webgl ? status.problem : 'webgl-unavailable';
  const showModel = webgl && phase !== 'problem';

  const snapshot = async () => {
    const video = videoRef.current;
    if (!video) return;
    setSnapping(true);
    setSnapError(null);
    try {
      const blob = await composeSnapshot({ video, lips: kind === 'lips' ? lipsRef.current : null, overlay: kind === 'lips' ? null : overlayCanvas.current });
      if (onSnapshot) onSnapshot(blob);
      else downloadBlob(blob, `try-on-${productId}.jpg`);
    } catch (e) {
      setSnapError(e);
    } finally {
      setSnapping(false);
    }
  };

  const Icon = task === 'hand' ? Hand : task === 'pose' ? User : ScanFace;
  return (
    <>
      <div className="try-on__stage" ref={stageRef} data-testid="try-on-stage" data-phase={phase} data-problem={problem ?? ''} style={{ aspectRatio: aspect }}>
        <div className="try-on__mirror">
          <video ref={videoRef} className="try-on__video" muted playsInline autoPlay aria-label={t('tryOn.cameraLabel')} />
          {kind === 'lips' && <canvas ref={lipsRef} className="try-on__lips" aria-hidden="true" />}
          {showModel && kind !== 'lips' && (
            <TryOnOverlay tracker={tracker} entry={entry} variantId={variantId} stageRef={stageRef} onCanvas={(canvas) => (overlayCanvas.current = canvas)} />
          )}
        </div>
        {phase !== 'tracking' && (
          <div className={`try-on__status try-on__status--${phase}`} role="status" data-testid="try-on-status">
            {phase === 'problem' ? (
              <>
                <CameraOff size={28} aria-hidden="true" />
                <p>{t(problemKey[problem ?? 'camera-failed'])}</p>
                {problem !== 'webgl-unavailable' && problem !== 'insecure' && (
                  <button type="button" className="button button--secondary button--small" onClick={onRetry}>
                    <RotateCcw size={16} aria-hidden="true" />
                    {t('common.retry')}
                  </button>
                )}
              </>
            ) : phase === 'loading-model' ? (
              <>
                <Spinner size={24} />
                <p>{t(trackerKey[task])}</p>
                <progress className="try-on__progress" max={1} value={status.progress ?? undefined} aria-label={t(trackerKey[task])} />
              </>
            ) : phase === 'starting-camera' || phase === 'idle' ? (
              <>
                <Spinner size={24} />
                <p>{t('tryOn.startingCamera')}</p>
              </>
            ) : (
              <>
                <Icon size={28} aria-hidden="true" />
                <p>{t(phase === 'move-closer' ? closerKey[task] : lookingKey[task])}</p>
              </>
            )}
          </div>
        )}
      </div>
      {children}
      <div className="try-on__actions">
        <button type="button" className="button button--primary" onClick={() => void snapshot()} disabled={snapping || phase === 'problem' || phase === 'starting-camera'} data-testid="try-on-snapshot">
          {snapping ? <Spinner size={18} /> : <Camera size={18} aria-hidden="true" />}
          {onSnapshot ? t('tryOn.snapshotShare') : t('tryOn.snapshot')}
        </button>
      </div>
      {snapError !== null && <ErrorMessage error={snapError} compact />}
    </>
  );
}
