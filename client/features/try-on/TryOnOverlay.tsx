// The overlay drawn over the camera picture: the product's .glb placed by its manifest anchor, a
// depth-only head so that temples and hats go behind it, and the lipstick layer. Everything per frame
// happens in useFrame on refs (DESIGN.md §5): no React render, no allocation.
import { Canvas, useFrame, useLoader, useThree } from '@react-three/fiber';
import { Suspense, useEffect, useMemo, useRef, type RefObject } from 'react';
import { Box3, CylinderGeometry, Group, HalfFloatType, MeshBasicMaterial, OrthographicCamera, PerspectiveCamera, PMREMGenerator, Scene as ThreeScene, SphereGeometry, Vector3, WebGLRenderer, WebGLRenderTarget, type Object3D, type Texture } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import type { TryOnAnchor } from '../../../common/api';
import type { ModelManifestEntry } from '../../../common/models';
import { webglIsSoftware } from '../../lib/webgl';
import { createPageRenderer, framesShown, shownCanvas } from '../../lib/webgl-readback';
import { anchorTask, earringPoses, face, glassesPose, hatPose, headPose, landmarkToWorld, necklacePose, Pendulum, ringPose, watchPose } from './anchors';
import { compileStepwise, nextTask } from './compile';
import { figuresIntervalMs, writeFigures } from './figures';
import { applyGltfVariant, GLTFLoader, withMeshopt } from './models';
import type { TryOnTracker } from './tracker';

export interface OverlayProps {
  tracker: TryOnTracker;
  entry: ModelManifestEntry;
  variantId: string;
  /** The stage element: gets data-* figures a few times a second (for tests and the benchmark). */
  stageRef: RefObject<HTMLElement | null>;
  /** The canvas the overlay is shown on (for snapshots). */
  onCanvas(canvas: HTMLCanvasElement): void;
}

// Shared: one occluder geometry and material for every try-on.
const occluderGeometry = new SphereGeometry(1, 32, 24);
/** The wrist or finger: a cylinder along the model's X (the forearm or finger axis). */
const limbGeometry = new CylinderGeometry(1, 1, 1, 24).rotateZ(Math.PI / 2);
const occluderMaterial = new MeshBasicMaterial({ colorWrite: false });

/** The head's depth-only stand-in, metres in the head frame (origin on the nose bridge). */
const occluderShape: Partial<Record<TryOnAnchor, { radius: [number, number, number]; centre: [number, number, number] }>> = {
  'face-eyes': { radius: [0.078, 0.118, 0.1], centre: [0, 0.015, -0.106] },
  'head-top': { radius: [0.078, 0.118, 0.1], centre: [0, 0.015, -0.106] },
  // Narrower, so the lobes (just outside the face width) stay in front of it.
  'ear-lobes': { radius: [0.064, 0.118, 0.1], centre: [0, 0.015, -0.106] },
};

export function TryOnOverlay(props: OverlayProps) {
  return (
    <Canvas
      className="try-on__overlay"
      dpr={[1, 2]}
      // A new picture of the product only makes sense with new landmarks: render when they arrive.
      frameloop="demand"
      flat
      gl={(defaults) => createOverlayRenderer(defaults.canvas as HTMLCanvasElement)}
      onCreated={({ gl }) => props.onCanvas(shownCanvas(gl))}
      data-testid="try-on-overlay"
    >
      <OverlayCamera tracker={props.tracker} />
      <Lighting />
      <Scene {...props} />
    </Canvas>
  );
}

/**
 * The overlay's renderer. On a software rasteriser (SwiftShader, llvmpipe) two things change:
 * - no multisampling: it costs as much CPU as the face tracking it competes with (measured on
 *   SwiftShader: 23 → 30 fps, face p95 46 → 32 ms);
 * - the picture is drawn off the page and shown after an asynchronous read-back
 *   (lib/webgl-readback.ts), so that no main-thread task waits for the GPU process.
 * A GPU gets the defaults.
 */
function createOverlayRenderer(canvas: HTMLCanvasElement): WebGLRenderer {
  return createPageRenderer(canvas, { alpha: true, antialias: !webglIsSoftware(), preserveDrawingBuffer: true });
}

/** An orthographic camera whose units are the camera picture's pixels (see anchors.ts). */
function OverlayCamera({ tracker }: { tracker: TryOnTracker }) {
  const set = useThree((s) => s.set);
  const camera = useMemo(() => {
    const c = new OrthographicCamera(-320, 320, 240, -240, 1, 20_000);
    c.position.set(0, 0, 10_000);
    // r3f must not refit the frustum to the canvas: it is fitted to the picture below.
    (c as OrthographicCamera & { manual: boolean }).manual = true;
    return c;
  }, []);
  useEffect(() => set({ camera }), [camera, set]);
  useFrame(() => {
    const { width, height } = tracker.latest;
    if (width > 0 && (camera.right !== width / 2 || camera.top !== height / 2)) {
      camera.left = -width / 2;
      camera.right = width / 2;
      camera.top = height / 2;
      camera.bottom = -height / 2;
      camera.updateProjectionMatrix();
    }
  });
  return null;
}

/**
 * The environment map's cube size on a software rasteriser. three's PMREMGenerator never goes below
 * 256, and filtering that on the CPU blocks the page for about 3 s when the try-on opens (SwiftShader,
 * 2 cores); at 64 it is about 0.8 s, and reflections a few pixels wide on glasses or a ring look the
 * same. A GPU gets three's default.
 */
const softwareEnvironmentSize = 64;

/** A PMREM generator that makes its maps at `size`: three picks the size in its (internal) `_setSize`. */
function pmremGenerator(gl: WebGLRenderer, size: number | null): PMREMGenerator {
  const pmrem = new PMREMGenerator(gl);
  const internals = pmrem as unknown as { _setSize?: (size: number) => void; _cubeSize: number };
  if (size !== null && typeof internals._setSize === 'function') {
    internals._setSize = function (this: { _cubeSize: number }) {
      this._cubeSize = size;
    };
  }
  return pmrem;
}

const empty = new ThreeScene();

/**
 * Offline image-based lighting (no HDR download): metals and lenses need something to reflect. The
 * room's programs are made ready first, a task each (compile.ts), then the filters' programs; the
 * cube render and its filtering then take a task of their own.
 */
async function createEnvironment(gl: WebGLRenderer, cancelled: () => boolean): Promise<{ texture: Texture; dispose(): void } | null> {
  const room = new RoomEnvironment();
  const disposeRoom = () => room.traverse((o) => (o as { geometry?: { dispose(): void } }).geometry?.dispose());
  // PMREM draws the room into a linear half-float cube through a 90° perspective camera.
  const cube = new WebGLRenderTarget(1, 1, { type: HalfFloatType });
  await compileStepwise(gl, room, new PerspectiveCamera(90, 1, 0.1, 100), room, { target: cube, cancelled });
  cube.dispose();
  if (cancelled()) {
    disposeRoom();
    return null;
  }
  const pmrem = pmremGenerator(gl, webglIsSoftware() ? softwareEnvironmentSize : null);
  // Its filters' programs first: the prefiltering of an empty scene links them, in a task of its own.
  pmrem.fromScene(empty, 0).dispose();
  await nextTask();
  if (cancelled()) {
    pmrem.dispose();
    disposeRoom();
    return null;
  }
  const target = pmrem.fromScene(room, 0.04);
  pmrem.dispose();
  disposeRoom();
  return { texture: target.texture, dispose: () => target.dispose() };
}

function Lighting() {
  return (
    <>
      <ambientLight intensity={0.4} />
      <directionalLight position={[0.3, 1, 1]} intensity={1.2} />
    </>
  );
}

function Scene({ tracker, entry, variantId, stageRef }: OverlayProps) {
  const kind = entry.anchor!.kind;
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => tracker.subscribeResults(() => invalidate()), [tracker, invalidate]);
  const head = useRef<Group>(null);
  const shape = occluderShape[kind];
  const headMatrix = useMemo(() => new Float32Array(16), []);
  const rendered = useRef({ frames: 0, lastFiguresAt: 0, lastVersion: -1 });
  const gl = useThree((s) => s.gl);

  useFrame(() => {
    const f = tracker.latest;
    const r = rendered.current;
    r.frames++;
    const ours = f.found && f.task === anchorTask[kind];
    if (head.current) {
      head.current.visible = ours;
      if (ours && f.version !== r.lastVersion) {
        head.current.matrix.fromArray(headPose(f.landmarks, f.width, f.height, headMatrix));
        head.current.matrixWorldNeedsUpdate = true;
      }
    }
    r.lastVersion = f.version;
    const now = performance.now();
    if (now - r.lastFiguresAt >= figuresIntervalMs && stageRef.current) {
      r.lastFiguresAt = now;
      // Drawn off the page, a frame counts when it is shown.
      writeFigures(stageRef.current, tracker, framesShown(gl) ?? r.frames, ours);
    }
  });

  return (
    <>
      {shape && (
        <group ref={head} matrixAutoUpdate={false} visible={false}>
          <mesh geometry={occluderGeometry} material={occluderMaterial} position={shape.centre} scale={shape.radius} renderOrder={-1} />
        </group>
      )}
      {kind !== 'lips' && (
        <Suspense fallback={null}>
          <Product tracker={tracker} entry={entry} variantId={variantId} stageRef={stageRef} />
        </Suspense>
      )}
    </>
  );
}

const bridgeWorld = new Vector3();
const landmarkWorld = new Float32Array(3);

/** Projects an object's origin through the camera into the stage's CSS pixels (mirrored like the picture). */
function writeProjectedBridge(stage: HTMLElement, object: Object3D, camera: OrthographicCamera) {
  bridgeWorld.setFromMatrixPosition(object.matrixWorld).project(camera);
  const x = (1 - (bridgeWorld.x + 1) / 2) * stage.clientWidth;
  const y = ((1 - bridgeWorld.y) / 2) * stage.clientHeight;
  stage.dataset.bridge = `${x.toFixed(1)},${y.toFixed(1)}`;
}

function Product({ tracker, entry, variantId, stageRef }: Pick<OverlayProps, 'tracker' | 'entry' | 'variantId' | 'stageRef'>) {
  const kind = entry.anchor!.kind;
  const width = entry.anchor!.width;
  const gltf = useLoader(GLTFLoader, entry.file, withMeshopt);
  // The right earring is a mirrored copy sharing geometry and materials.
  const second = useMemo(() => (kind === 'ear-lobes' ? gltf.scene.clone(true) : null), [gltf, kind]);
  const primary = useRef<Group>(null);
  const mirrored = useRef<Group>(null);
  // The wrist or finger inside the band, depth only, so the far side of the band hides behind it. Sized
  // from the model: the band's inner surface is just inside its extent below (−Y) and to the sides (±Z).
  const limb = useMemo(() => {
    if (kind !== 'wrist' && kind !== 'finger') return null;
    const box = new Box3().setFromObject(gltf.scene);
    const inset = 0.9;
    return { radiusY: Math.max(1e-3, -box.min.y * inset), radiusZ: Math.max(1e-3, Math.min(box.max.z, -box.min.z) * inset), length: kind === 'wrist' ? 0.14 : 0.04 };
  }, [gltf, kind]);
  const camera = useThree((s) => s.camera) as OrthographicCamera;
  const invalidate = useThree((s) => s.invalidate);
  const state = useMemo(() => ({ pose: new Float32Array(16), poseMirrored: new Float32Array(16), lastVersion: -1, pendulum: new Pendulum(), lastAt: 0 }), []);
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  /** The variant's materials, being put on (the programs to make ready are theirs). */
  const variantApplied = useRef<Promise<unknown>>(Promise.resolve());
  /** The environment is there and every program is linked: the product may be drawn. */
  const prepared = useRef(false);

  useEffect(() => {
    let cancelled = false;
    let environment: Awaited<ReturnType<typeof createEnvironment>> = null;
    const isCancelled = () => cancelled;
    void (async () => {
      await nextTask(); // after the commit that showed the product
      environment = await createEnvironment(gl, isCancelled);
      if (cancelled) environment?.dispose();
      if (cancelled || !environment) return;
      scene.environment = environment.texture;
      await variantApplied.current.catch(() => undefined);
      await compileStepwise(gl, scene, camera, scene, { cancelled: isCancelled });
      if (cancelled) return;
      prepared.current = true;
      invalidate();
    })();
    return () => {
      cancelled = true;
      prepared.current = false;
      scene.environment = null;
      environment?.dispose();
    };
  }, [gl, scene, camera, invalidate]);

  useEffect(() => {
    const look = entry.variants[variantId];
    if (!look) return;
    let cancelled = false;
    const roots = [gltf.scene, ...(second ? [second] : [])];
    const applying = Promise.all(roots.map((root) => applyGltfVariant(gltf, root, look.gltfVariant)));
    variantApplied.current = applying;
    void applying.then(() => {
      if (cancelled) return;
      invalidate();
      if (stageRef.current) stageRef.current.dataset.variant = variantId;
    });
    return () => {
      cancelled = true;
    };
  }, [gltf, second, entry, variantId, stageRef, invalidate]);

  useFrame(() => {
    const f = tracker.latest;
    const group = primary.current;
    if (!group) return;
    // Not drawn until its programs are ready: a draw would link them in one long task.
    const ours = f.found && f.task === anchorTask[kind] && prepared.current;
    group.visible = ours;
    if (mirrored.current) mirrored.current.visible = ours;
    if (!ours) {
      state.pendulum.reset();
      return;
    }
    if (f.version === state.lastVersion) return;
    state.lastVersion = f.version;
    const lm = f.landmarks;
    switch (kind) {
      case 'face-eyes':
        glassesPose(lm, f.width, f.height, width, state.pose);
        break;
      case 'head-top':
        hatPose(lm, f.transform, f.width, f.height, width, state.pose);
        break;
      case 'ear-lobes': {
        const dt = state.lastAt ? (f.at - state.lastAt) / 1000 : 0;
        state.lastAt = f.at;
        landmarkToWorld(lm, face.noseBridge, f.width, f.height, landmarkWorld);
        const swing = state.pendulum.step(landmarkWorld[0]!, dt);
        earringPoses(lm, f.width, f.height, swing, state.pose, state.poseMirrored);
        break;
      }
      case 'wrist':
        watchPose(lm, f.rightHand, f.width, f.height, state.pose);
        break;
      case 'finger':
        ringPose(lm, f.rightHand, f.width, f.height, width, state.pose);
        break;
      case 'neck':
        necklacePose(lm, f.width, f.height, width, state.pose);
        break;
      case 'lips':
        return;
    }
    group.matrix.fromArray(state.pose);
    group.matrixWorldNeedsUpdate = true;
    if (mirrored.current) {
      mirrored.current.matrix.fromArray(state.poseMirrored);
      mirrored.current.matrixWorldNeedsUpdate = true;
    }
    if (kind === 'face-eyes' && stageRef.current) {
      group.updateMatrixWorld();
      writeProjectedBridge(stageRef.current, group, camera);
    }
  });

  return (
    <>
      <group ref={primary} matrixAutoUpdate={false} visible={false}>
        {limb && <mesh geometry={limbGeometry} material={occluderMaterial} scale={[limb.length, limb.radiusY, limb.radiusZ]} renderOrder={-1} />}
        <primitive object={gltf.scene} />
      </group>
      {second && (
        <group ref={mirrored} matrixAutoUpdate={false} visible={false}>
          <primitive object={second} />
        </group>
      )}
    </>
  );
}
