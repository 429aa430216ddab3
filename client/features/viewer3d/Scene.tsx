// What the viewer's Canvas draws: the model lit by an environment built from light panels (no HDR
// file from a CDN), a soft contact shadow, hotspots, the exploded view and the camera rig.
// Nothing here re-renders while the camera moves: useFrame mutates three.js objects and reads the
// viewer core with getState(); the few React renders happen on a variant, hotspot or product change.
import { ContactShadows, Environment, Lightformer, OrbitControls, useGLTF } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { Box3, PropertyBinding, Vector3, type Object3D } from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import type { ModelManifestEntry } from '../../../common/models';
import type { Viewer } from './core';
import { createOrbitScratch, dampFactor, easeTowards, type OrbitLimits } from './orbit';
import { countRender, viewerProbe } from './probe';
import { applyGltfVariant, type VariantGltf } from './variants';

/** What the DOM side (keyboard, reset) needs of the live scene. */
export interface SceneRuntime {
  controls: OrbitControlsImpl;
  invalidate: () => void;
  limits: OrbitLimits;
}

export const polarLimits = { minPolarAngle: 0.12, maxPolarAngle: Math.PI * 0.62 };
/** How fast a following camera closes the gap to the host's pose (per second). */
const followRate = 9;

interface SceneProps {
  entry: ModelManifestEntry;
  viewer: Viewer;
  purpose: string;
  runtime: RefObject<SceneRuntime | null>;
  /** The hotspot buttons over the canvas, in manifest order, moved here every frame. */
  hotspotElements: RefObject<(HTMLElement | null)[]>;
  onFirstFrame(): void;
}

export function Scene({ entry, viewer, purpose, runtime, hotspotElements, onFirstFrame }: SceneProps) {
  countRender();
  const gltf = useGLTF(entry.file, false, true);
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const controlsRef = useRef<OrbitControlsImpl>(null);
  const bounds = useMemo(() => new Box3().setFromObject(gltf.scene), [gltf]);
  const size = useMemo(() => bounds.getSize(new Vector3()).length(), [bounds]);
  const limits = useMemo<OrbitLimits>(() => ({ minDistance: entry.camera.minDistance, maxDistance: entry.camera.maxDistance, ...polarLimits }), [entry]);

  useEffect(() => viewer.onInvalidate(invalidate), [viewer, invalidate]);

  // The manifest's framing, once per model; afterwards the controls and the rig own the camera.
  useLayoutEffect(() => {
    const controls = controlsRef.current;
    if (!controls) return;
    camera.position.fromArray(entry.camera.position);
    controls.target.fromArray(entry.camera.target);
    controls.update();
    runtime.current = { controls, invalidate, limits };
    const entryProbe = viewerProbe()?.viewers[purpose];
    if (entryProbe) Object.assign(entryProbe, { camera, gl });
    invalidate();
    return () => {
      runtime.current = null;
    };
  }, [camera, gl, entry, invalidate, limits, purpose, runtime, viewer]);

  // Variants: the newest pick wins even if an older one's material is still loading.
  useEffect(() => {
    let latest = 0;
    const show = (variantId: string | null) => {
      const token = ++latest;
      const name = variantId ? (entry.variants[variantId]?.gltfVariant ?? null) : null;
      void applyGltfVariant(gltf as unknown as VariantGltf, name, () => token === latest).then(() => invalidate());
    };
    show(viewer.store.getState().variantId);
    return viewer.store.subscribe((s, prev) => {
      if (s.variantId !== prev.variantId) show(s.variantId);
    });
  }, [gltf, entry, viewer, invalidate]);

  const firstFrameSeen = useRef(false);
  useFrame(() => {
    if (firstFrameSeen.current) return;
    firstFrameSeen.current = true;
    const entryProbe = viewerProbe()?.viewers[purpose];
    if (entryProbe) entryProbe.firstFrameAt = performance.now();
    onFirstFrame();
  });

  return (
    <>
      <Environment resolution={128} frames={1}>
        {/* A softbox above, two strip lights at the sides and a fill from the front, as in a product studio. */}
        <Lightformer form="rect" intensity={3} position={[0, 5, 0]} rotation-x={Math.PI / 2} scale={[6, 6, 1]} />
        <Lightformer form="rect" intensity={1.6} position={[-5, 1, 1]} rotation-y={Math.PI / 2} scale={[2, 8, 1]} />
        <Lightformer form="rect" intensity={1.2} position={[5, 1, -1]} rotation-y={-Math.PI / 2} scale={[2, 8, 1]} />
        <Lightformer form="ring" intensity={0.8} position={[0, 1, 6]} scale={3} />
      </Environment>
      <primitive object={gltf.scene} />
      <Exploded scene={gltf.scene} entry={entry} viewer={viewer} />
      <HotspotTracker entry={entry} elements={hotspotElements} />
      <OrbitControls
        ref={controlsRef}
        makeDefault
        enableDamping
        dampingFactor={0.12}
        minDistance={limits.minDistance}
        maxDistance={limits.maxDistance}
        minPolarAngle={limits.minPolarAngle}
        maxPolarAngle={limits.maxPolarAngle}
        // A drag or a wheel turn is the user taking over: a follower breaks away from the host.
        onStart={() => viewer.takeControl()}
      />
      <CameraRig viewer={viewer} controls={controlsRef} bounds={bounds} />
      <ContactShadows position={[0, bounds.min.y - size * 0.002, 0]} scale={size * 2.2} far={size * 0.8} blur={2.4} opacity={0.5} resolution={256} />
    </>
  );
}

/** Eases to the viewer's goal pose, keeps panning near the model and reports the pose; no allocation. */
function CameraRig({ viewer, controls, bounds }: { viewer: Viewer; controls: RefObject<OrbitControlsImpl | null>; bounds: Box3 }) {
  countRender();
  const camera = useThree((s) => s.camera);
  const work = useMemo(() => {
    const panBox = bounds.clone();
    // The target may wander half the model's size beyond it, never off into empty space.
    panBox.expandByScalar(bounds.getSize(new Vector3()).length() * 0.5);
    return { scratch: createOrbitScratch(), goalPosition: new Vector3(), goalTarget: new Vector3(), before: new Vector3(), panBox };
  }, [bounds]);

  useFrame((state, delta) => {
    const c = controls.current;
    if (!c) return;
    const { goal } = viewer;
    if (goal.active) {
      work.goalPosition.fromArray(goal.position);
      work.goalTarget.fromArray(goal.target);
      const arrived = easeTowards(camera.position, c.target, work.goalPosition, work.goalTarget, dampFactor(followRate, delta), work.scratch);
      camera.lookAt(c.target);
      if (!arrived) state.invalidate();
      else if (viewer.store.getState().mode !== 'follow') goal.active = false;
    }
    work.before.copy(c.target);
    c.target.clamp(work.panBox.min, work.panBox.max);
    if (!work.before.equals(c.target)) camera.position.add(work.before.subVectors(c.target, work.before));
    camera.position.toArray(viewer.pose.position);
    c.target.toArray(viewer.pose.target);
    const probe = viewerProbe();
    if (probe) probe.frames += 1;
  });
  return null;
}

/** Moves the manifest's parts out along their offsets, eased towards the store's explode factor. */
function Exploded({ scene, entry, viewer }: { scene: Object3D; entry: ModelManifestEntry; viewer: Viewer }) {
  countRender();
  const parts = useMemo(
    () =>
      entry.parts.flatMap((part) => {
        // The loader sanitises node names the way three's PropertyBinding does.
        const node = scene.getObjectByName(PropertyBinding.sanitizeNodeName(part.node)) ?? scene.getObjectByName(part.node);
        return node ? [{ node, base: node.position.clone(), offset: new Vector3().fromArray(part.offset) }] : [];
      }),
    [scene, entry],
  );
  const shown = useRef(0);
  useEffect(
    () => () => {
      for (const p of parts) p.node.position.copy(p.base);
    },
    [parts],
  );
  useFrame((state, delta) => {
    const wanted = viewer.store.getState().explode;
    if (shown.current === wanted || parts.length === 0) return;
    shown.current += (wanted - shown.current) * dampFactor(10, delta);
    if (Math.abs(wanted - shown.current) < 1e-3) shown.current = wanted;
    else state.invalidate();
    for (const p of parts) p.node.position.copy(p.base).addScaledVector(p.offset, shown.current);
  });
  return null;
}

/**
 * Keeps the hotspot buttons (plain DOM over the canvas, see HotspotButtons) on their points: projects
 * each point every rendered frame and moves its button only when it moved by half a pixel or more;
 * those facing away fade and let clicks through. No React render, no vector allocated.
 */
function HotspotTracker({ entry, elements }: { entry: ModelManifestEntry; elements: RefObject<(HTMLElement | null)[]> }) {
  countRender();
  const size = useThree((s) => s.size);
  const work = useMemo(
    () => ({
      projected: new Vector3(),
      toCamera: new Vector3(),
      points: entry.hotspots.map((h) => ({ position: new Vector3().fromArray(h.position), normal: new Vector3().fromArray(h.normal), x: -Infinity, y: -Infinity, away: false, shown: false })),
    }),
    [entry],
  );
  useFrame(({ camera }) => {
    for (let i = 0; i < work.points.length; i++) {
      const point = work.points[i]!;
      const element = elements.current[i];
      if (!element) continue;
      work.projected.copy(point.position).project(camera);
      const x = ((work.projected.x + 1) / 2) * size.width;
      const y = ((1 - work.projected.y) / 2) * size.height;
      if (Math.abs(x - point.x) >= 0.5 || Math.abs(y - point.y) >= 0.5) {
        point.x = x;
        point.y = y;
        element.style.transform = `translate3d(${x.toFixed(1)}px, ${y.toFixed(1)}px, 0) translate(-50%, -50%)`;
      }
      if (!point.shown) {
        point.shown = true;
        element.classList.add('viewer3d__hotspot--placed');
      }
      const away = work.toCamera.subVectors(camera.position, point.position).dot(point.normal) < 0;
      if (away !== point.away) {
        point.away = away;
        element.classList.toggle('viewer3d__hotspot--away', away);
      }
    }
  });
  return null;
}
