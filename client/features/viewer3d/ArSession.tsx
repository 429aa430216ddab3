// A WebXR immersive-ar session that puts the product at real size (the models are in metres)
// where a hit test finds a floor or table and the user taps. Loaded only when the user asks for AR.
//
// It drives three's WebXR manager directly rather than through @react-three/xr: that package's
// store statically reaches its device emulator (iwer), whose dependencies do not resolve in this
// install (@iwer/sem needs @bufbuild/protobuf 2), so the production build fails with it. r3f
// already renders through renderer.xr once a session is set, and hands useFrame the XRFrame.
import { Environment, Lightformer, useGLTF } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { X } from 'lucide-react';
import { Suspense, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Vector3, type Group, type Mesh } from 'three';
import type { ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import { countRender } from './probe';

interface HitTesting {
  source: XRHitTestSource | null;
}

export default function ArSession({ entry, onEnd }: { entry: ModelManifestEntry; onEnd(): void }) {
  countRender();
  const { t } = useI18n();
  const overlay = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const hits = useMemo<HitTesting>(() => ({ source: null }), []);
  return (
    <div className="viewer3d__ar" ref={overlay}>
      <Canvas className="viewer3d__ar-canvas" gl={{ alpha: true }} onCreated={({ gl }) => void (gl.xr.enabled = true)}>
        <Session overlay={overlay} hits={hits} onEnd={onEnd} onFail={() => setFailed(true)} />
        <Environment resolution={64} frames={1}>
          <Lightformer form="rect" intensity={3} position={[0, 5, 0]} rotation-x={Math.PI / 2} scale={[6, 6, 1]} />
        </Environment>
        <Suspense fallback={null}>
          <Placement entry={entry} hits={hits} />
        </Suspense>
      </Canvas>
      <div className="viewer3d__ar-bar">
        <p>{failed ? t('viewer3d.arFailed') : t('viewer3d.placeHint')}</p>
        <button type="button" className="viewer3d__icon-button" aria-label={t('viewer3d.arClose')} onClick={onEnd}>
          <X size={18} aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}

/** Starts the immersive-ar session with hit testing, ends it on unmount. */
function Session({ overlay, hits, onEnd, onFail }: { overlay: RefObject<HTMLDivElement | null>; hits: HitTesting; onEnd(): void; onFail(): void }) {
  const gl = useThree((s) => s.gl);
  const callbacks = useRef({ onEnd, onFail });
  useEffect(() => {
    callbacks.current = { onEnd, onFail };
  });
  useEffect(() => {
    const xr = (navigator as Navigator & { xr?: XRSystem }).xr;
    let session: XRSession | null = null;
    let cancelled = false;
    const ended = () => callbacks.current.onEnd();
    if (!xr) {
      callbacks.current.onFail();
      return;
    }
    xr.requestSession('immersive-ar', {
      requiredFeatures: ['hit-test'],
      optionalFeatures: ['dom-overlay'],
      ...(overlay.current ? { domOverlay: { root: overlay.current } } : {}),
    })
      .then(async (started) => {
        session = started;
        if (cancelled) return void started.end();
        started.addEventListener('end', ended);
        gl.xr.setReferenceSpaceType('local');
        await gl.xr.setSession(started);
        const viewerSpace = await started.requestReferenceSpace('viewer');
        hits.source = (await started.requestHitTestSource?.({ space: viewerSpace })) ?? null;
      })
      .catch(() => callbacks.current.onFail());
    return () => {
      cancelled = true;
      hits.source?.cancel();
      hits.source = null;
      if (session) {
        session.removeEventListener('end', ended);
        void session.end().catch(() => undefined);
      }
    };
  }, [gl, overlay, hits]);
  return null;
}

/** A ring where the hit test meets a surface; a tap (the session's select) puts the model there. */
function Placement({ entry, hits }: { entry: ModelManifestEntry; hits: HitTesting }) {
  countRender();
  const gltf = useGLTF(entry.file, false, true);
  // A clone, so the page's own viewer keeps its scene; geometry and materials are shared.
  const model = useMemo(() => gltf.scene.clone(true), [gltf]);
  const reticle = useRef<Mesh>(null);
  const placed = useRef<Group>(null);
  const gl = useThree((s) => s.gl);
  const hitPosition = useMemo(() => new Vector3(), []);

  useEffect(() => {
    const session = gl.xr.getSession();
    const onSelect = () => {
      if (!reticle.current?.visible || !placed.current) return;
      placed.current.position.copy(hitPosition);
      placed.current.visible = true;
    };
    const attach = () => gl.xr.getSession()?.addEventListener('select', onSelect);
    if (session) attach();
    gl.xr.addEventListener('sessionstart', attach);
    return () => {
      gl.xr.removeEventListener('sessionstart', attach);
      gl.xr.getSession()?.removeEventListener('select', onSelect);
    };
  }, [gl, hitPosition]);

  useFrame((_state, _delta, frame?: XRFrame) => {
    const ring = reticle.current;
    const space = gl.xr.getReferenceSpace();
    if (!ring || !frame || !hits.source || !space) return;
    const pose = frame.getHitTestResults(hits.source)[0]?.getPose(space);
    ring.visible = Boolean(pose);
    if (!pose) return;
    const { x, y, z } = pose.transform.position;
    hitPosition.set(x, y, z);
    ring.position.copy(hitPosition);
  });

  return (
    <>
      <mesh ref={reticle} rotation-x={-Math.PI / 2} visible={false}>
        <ringGeometry args={[0.06, 0.075, 40]} />
        <meshBasicMaterial />
      </mesh>
      <group ref={placed} visible={false}>
        <primitive object={model} />
      </group>
    </>
  );
}
