// The 3D product viewer: a Canvas that renders on demand, with the product's poster and a progress
// bar until the model's first frame, the reset and exploded-view controls, hotspot texts, keyboard
// orbiting and, where WebGL is missing or lost, the poster with a message. Loaded lazily (index.ts),
// so shoppers who never see a model never download three.js.
import { Canvas } from '@react-three/fiber';
import { useProgress } from '@react-three/drei';
import { Component, Suspense, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Vector3 } from 'three';
import { Crosshair, RotateCcw, X } from 'lucide-react';
import { useStore } from 'zustand';
import type { ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import type { Viewer } from './core';
import { ArButton, useArSupport } from './ArButton';
import { createOrbitScratch, orbitBy } from './orbit';
import { webglAvailable } from '../../lib/webgl';
import { countRender, viewerProbe } from './probe';
import { Scene, type SceneRuntime } from './Scene';
import './viewer3d.css';

export interface ModelViewerProps {
  entry: ModelManifestEntry;
  viewer: Viewer;
  /** Names this viewer for tests and the benchmark (product, live, studio). */
  purpose: string;
  /** When set, the viewer follows a feed: it says so, and offers this to rejoin after breaking away. */
  onFollow?: () => void;
  /** Extra controls in the viewer's toolbar (the studio's variant picker, a close button). */
  toolbar?: ReactNode;
  className?: string;
}

type Phase = 'loading' | 'ready' | 'no-webgl' | 'failed' | 'lost';

const keyTurn = Math.PI / 18;
const keyZoom = 0.85;

export default function ModelViewer({ entry, viewer, purpose, onFollow, toolbar, className = '' }: ModelViewerProps) {
  countRender();
  const { locale, t } = useI18n();
  const [phase, setPhase] = useState<Phase>(() => (webglAvailable() ? 'loading' : 'no-webgl'));
  const runtime = useRef<SceneRuntime | null>(null);
  const hotspotElements = useRef<(HTMLElement | null)[]>([]);
  const helpId = useId();
  const ar = useArSupport();
  const keyScratch = useMemo(() => ({ orbit: createOrbitScratch(), position: new Vector3() }), []);

  useEffect(() => {
    const probe = viewerProbe();
    if (probe) probe.viewers[purpose] = { camera: null, gl: null, viewer, mountedAt: performance.now(), firstFrameAt: null };
  }, [purpose, entry, viewer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const scene = runtime.current;
    if (!scene || event.altKey || event.ctrlKey || event.metaKey) return;
    let turn = 0;
    let tilt = 0;
    let zoom = 1;
    switch (event.key) {
      case 'ArrowLeft':
        turn = -keyTurn;
        break;
      case 'ArrowRight':
        turn = keyTurn;
        break;
      case 'ArrowUp':
        tilt = -keyTurn;
        break;
      case 'ArrowDown':
        tilt = keyTurn;
        break;
      case '+':
      case '=':
        zoom = keyZoom;
        break;
      case '-':
      case '_':
        zoom = 1 / keyZoom;
        break;
      default:
        return;
    }
    event.preventDefault();
    viewer.takeControl();
    const camera = scene.controls.object;
    orbitBy(camera.position, scene.controls.target, turn, tilt, zoom, scene.limits, keyScratch.orbit);
    scene.controls.update();
    scene.invalidate();
  };

  const reset = () => viewer.resetView({ position: entry.camera.position, target: entry.camera.target });
  const drawable = phase === 'loading' || phase === 'ready';
  const problem = phase === 'no-webgl' ? t('viewer3d.noWebgl') : phase === 'lost' ? t('viewer3d.contextLost') : phase === 'failed' ? t('viewer3d.failed') : null;

  return (
    <div className={`viewer3d ${className}`} data-testid="viewer3d" data-purpose={purpose} data-phase={phase} data-product-id={entry.productId}>
      <div
        className="viewer3d__stage"
        role="group"
        aria-roledescription={t('viewer3d.roleDescription')}
        aria-label={entry.alt[locale]}
        aria-describedby={helpId}
        tabIndex={drawable ? 0 : -1}
        onKeyDown={onKeyDown}
      >
        {drawable && (
          <CanvasBoundary onError={() => setPhase('failed')}>
            <Canvas
              className="viewer3d__canvas"
              data-testid="viewer3d-canvas"
              frameloop="demand"
              dpr={[1, 2]}
              camera={{ fov: 32, near: entry.camera.minDistance / 20, far: entry.camera.maxDistance * 20, position: entry.camera.position }}
              onCreated={({ gl }) => {
                gl.domElement.addEventListener('webglcontextlost', (e) => {
                  e.preventDefault();
                  setPhase('lost');
                });
              }}
            >
              <Suspense fallback={null}>
                <Scene entry={entry} viewer={viewer} purpose={purpose} runtime={runtime} hotspotElements={hotspotElements} onFirstFrame={() => setPhase('ready')} />
              </Suspense>
            </Canvas>
          </CanvasBoundary>
        )}
        {drawable && <HotspotButtons entry={entry} viewer={viewer} elements={hotspotElements} />}
        {phase !== 'ready' && <Poster entry={entry} loading={phase === 'loading'} />}
        {problem && (
          <p className="viewer3d__problem" role="status" data-testid="viewer3d-problem">
            {problem}
          </p>
        )}
        <p id={helpId} className="visually-hidden">
          {t('viewer3d.keyboardHelp')}
        </p>
        {phase === 'ready' && <HotspotText entry={entry} viewer={viewer} />}
      </div>
      {phase === 'ready' && (
        <div className="viewer3d__toolbar">
          {onFollow && <FollowState viewer={viewer} onFollow={onFollow} />}
          <button type="button" className="button button--secondary button--small" onClick={reset} data-testid="viewer3d-reset">
            <RotateCcw size={16} aria-hidden="true" />
            {t('viewer3d.reset')}
          </button>
          {entry.parts.length > 0 && <ExplodeSlider viewer={viewer} />}
          {ar && <ArButton entry={entry} />}
          {toolbar}
        </div>
      )}
    </div>
  );
}

function Poster({ entry, loading }: { entry: ModelManifestEntry; loading: boolean }) {
  countRender();
  const { locale } = useI18n();
  return (
    <div className="viewer3d__poster" data-testid="viewer3d-poster">
      <img src={entry.poster} alt={entry.alt[locale]} width={800} height={800} />
      {loading && <LoadingBar />}
    </div>
  );
}

function LoadingBar() {
  countRender();
  const { t } = useI18n();
  const progress = Math.round(useProgress((s) => s.progress));
  return (
    <div className="viewer3d__progress" role="progressbar" aria-label={t('viewer3d.loading')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
      <span className="viewer3d__progress-bar" style={{ width: `${Math.max(4, progress)}%` }} />
    </div>
  );
}

/** Numbered annotation buttons over the canvas; the scene's HotspotTracker keeps them on their points. */
function HotspotButtons({ entry, viewer, elements }: { entry: ModelManifestEntry; viewer: Viewer; elements: RefObject<(HTMLElement | null)[]> }) {
  countRender();
  const { locale, t } = useI18n();
  const open = useStore(viewer.store, (s) => s.hotspot);
  return (
    <div className="viewer3d__hotspots">
      {entry.hotspots.map((hotspot, i) => (
        <button
          key={hotspot.id}
          ref={(el) => {
            elements.current[i] = el;
          }}
          type="button"
          className="viewer3d__hotspot"
          data-testid="hotspot"
          data-hotspot-id={hotspot.id}
          aria-pressed={open === hotspot.id}
          aria-label={t('viewer3d.hotspot', { n: i + 1, title: hotspot.title[locale] })}
          onClick={() => viewer.openHotspot(open === hotspot.id ? null : hotspot.id)}
        >
          {i + 1}
        </button>
      ))}
    </div>
  );
}

function HotspotText({ entry, viewer }: { entry: ModelManifestEntry; viewer: Viewer }) {
  countRender();
  const { locale, t } = useI18n();
  const openId = useStore(viewer.store, (s) => s.hotspot);
  const hotspot = entry.hotspots.find((h) => h.id === openId);
  if (!hotspot) return null;
  return (
    <div className="viewer3d__note" role="note" data-testid="hotspot-text">
      <div>
        <h3 className="viewer3d__note-title">{hotspot.title[locale]}</h3>
        <p className="viewer3d__note-text">{hotspot.text[locale]}</p>
      </div>
      <button type="button" className="viewer3d__icon-button" aria-label={t('viewer3d.closeHotspot')} onClick={() => viewer.openHotspot(null)}>
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}

function ExplodeSlider({ viewer }: { viewer: Viewer }) {
  countRender();
  const { t } = useI18n();
  // Whole percent: a feed that eases explode re-renders this at most a hundred times per spread.
  const percent = useStore(viewer.store, (s) => Math.round(s.explode * 100));
  const id = useId();
  return (
    <div className="viewer3d__explode">
      <label htmlFor={id}>{t('viewer3d.explode')}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={1}
        value={percent}
        data-testid="viewer3d-explode"
        onChange={(e) => {
          viewer.takeControl();
          viewer.setExplode(Number(e.target.value) / 100);
        }}
      />
    </div>
  );
}

function FollowState({ viewer, onFollow }: { viewer: Viewer; onFollow(): void }) {
  countRender();
  const { t } = useI18n();
  const following = useStore(viewer.store, (s) => s.mode === 'follow');
  return following ? (
    <span className="viewer3d__following" data-testid="viewer3d-following">
      <Crosshair size={16} aria-hidden="true" />
      {t('viewer3d.following')}
    </span>
  ) : (
    <button type="button" className="button button--primary button--small" onClick={onFollow} data-testid="viewer3d-follow">
      <Crosshair size={16} aria-hidden="true" />
      {t('viewer3d.followHost')}
    </button>
  );
}

/** Turns a failed WebGL context or model load into the poster and a message instead of a blank page. */
class CanvasBoundary extends Component<{ onError(): void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.error('3D viewer failed', error);
    this.props.onError();
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
