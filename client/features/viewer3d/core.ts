// The 3D viewer's state without React or three.js (DESIGN.md §7): a vanilla zustand store for what
// changes now and then (product, variant, hotspot, explode, follow mode) and two plain mutable
// objects for what changes every frame (the camera's actual pose and the pose it eases towards).
// The r3f scene reads both in useFrame with getState() and never through React state, so orbiting
// renders no React component.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Demo3dState, Vec3 } from '../../../common/models';

/**
 * free: the user's own orbit controls drive the camera.
 * follow: the camera eases towards poses pushed from a feed (a host's demo); a drag breaks away to free.
 */
export type ViewerMode = 'free' | 'follow';

export interface ViewerState {
  productId: string | null;
  /** Commerce variant id (the manifest maps it to a glTF variant). */
  variantId: string | null;
  /** The open hotspot's id. */
  hotspot: string | null;
  /** 0 = assembled, 1 = fully spread. */
  explode: number;
  mode: ViewerMode;
}

/** A camera pose in model space, metres. Mutated in place: a frame loop never allocates one. */
export interface Pose {
  position: Vec3;
  target: Vec3;
}

export interface CameraGoal extends Pose {
  /** The scene eases towards this pose while set; a reset clears it on arrival, following keeps it. */
  active: boolean;
}

export interface Viewer {
  store: StoreApi<ViewerState>;
  /** Where the camera is, written by the scene every rendered frame. */
  readonly pose: Pose;
  /** Where the camera should go (a host's pose, the reset framing). */
  readonly goal: CameraGoal;
  setVariant(variantId: string | null): void;
  openHotspot(hotspotId: string | null): void;
  setExplode(explode: number): void;
  /** Eases the camera to `pose` (the manifest's framing), and breaks away from a feed. */
  resetView(pose: Pose): void;
  /** Sets where the camera eases to; in free mode only until it arrives. */
  moveTo(position: Readonly<Vec3>, target: Readonly<Vec3>): void;
  /** The user took the controls: stop following and stop any easing. */
  takeControl(): void;
  /** Calls back when the scene must draw a frame (frameloop="demand"); returns the unsubscribe. */
  onInvalidate(listener: () => void): () => void;
  invalidate(): void;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

const copy3 = (into: Vec3, from: Readonly<Vec3>) => {
  into[0] = from[0];
  into[1] = from[1];
  into[2] = from[2];
};

export function createViewer(initial: Partial<ViewerState> = {}): Viewer {
  const store = createStore<ViewerState>()(() => ({ productId: null, variantId: null, hotspot: null, explode: 0, mode: 'free', ...initial }));
  const pose: Pose = { position: [0, 0, 1], target: [0, 0, 0] };
  const goal: CameraGoal = { position: [0, 0, 1], target: [0, 0, 0], active: false };
  const invalidateListeners = new Set<() => void>();
  const invalidate = () => {
    for (const listener of invalidateListeners) listener();
  };
  // Only real changes reach subscribers: a feed repeating the same variant 15 times a second re-renders nothing.
  const patch = (next: Partial<ViewerState>) => {
    const s = store.getState();
    for (const key of Object.keys(next) as (keyof ViewerState)[]) {
      if (s[key] !== next[key]) {
        store.setState(next);
        invalidate();
        return;
      }
    }
  };
  return {
    store,
    pose,
    goal,
    setVariant: (variantId) => patch({ variantId }),
    openHotspot: (hotspot) => patch({ hotspot }),
    setExplode: (explode) => patch({ explode: clamp01(explode) }),
    resetView(to) {
      patch({ mode: 'free', hotspot: null, explode: 0 });
      copy3(goal.position, to.position);
      copy3(goal.target, to.target);
      goal.active = true;
      invalidate();
    },
    moveTo(position, target) {
      copy3(goal.position, position);
      copy3(goal.target, target);
      goal.active = true;
      invalidate();
    },
    takeControl() {
      goal.active = false;
      patch({ mode: 'free' });
    },
    onInvalidate(listener) {
      invalidateListeners.add(listener);
      return () => invalidateListeners.delete(listener);
    },
    invalidate,
  };
}

// ---------- following a stream of demo states (a host's demo, a friend's "look at this") ----------

export interface FollowState {
  /** The newest state from the feed; null before the first one. */
  latest: Demo3dState | null;
  /** The feed has a model open (latest.productId is set). */
  active: boolean;
  /** The product the feed shows, for pages that open a viewer for it. */
  productId: string | null;
}

export interface DemoFollower {
  store: StoreApi<FollowState>;
  /** One state from the source; applied to the viewer when it follows. */
  receive(state: Demo3dState): void;
  /** Attaches the viewer that shows the feed (null when it closes); it starts following. */
  attach(viewer: Viewer | null): void;
  /** Back to following the feed: jumps to its newest state and eases the camera there. */
  rejoin(): void;
}

/** Applies a demo state to a viewer: camera goal, variant, hotspot, explode. */
export function applyDemoState(viewer: Viewer, state: Demo3dState): void {
  const { goal } = viewer;
  // A repeat of the pose it already eases to (the publisher's refresh) draws no frame.
  if (!goal.active || !sameVec(goal.position, state.camera.position, 0) || !sameVec(goal.target, state.camera.target, 0)) {
    viewer.moveTo(state.camera.position, state.camera.target);
  }
  const s = viewer.store.getState();
  if (s.variantId !== state.variantId || s.hotspot !== state.hotspot || s.explode !== state.explode) {
    viewer.store.setState({ variantId: state.variantId, hotspot: state.hotspot, explode: clamp01(state.explode) });
  }
}

/**
 * Follows a stream of Demo3dState from any source. The viewer follows by default; when its user
 * takes the controls (takeControl → mode free) the follower keeps the newest state without applying
 * it, until `rejoin`.
 */
export function createDemoFollower(): DemoFollower {
  const store = createStore<FollowState>()(() => ({ latest: null, active: false, productId: null }));
  let viewer: Viewer | null = null;
  return {
    store,
    receive(state) {
      const active = state.productId !== null;
      // The store changes with every value; components watch only `active` and `productId`.
      store.setState({ latest: state, active, productId: state.productId });
      if (!viewer || !active) return;
      const shown = viewer.store.getState();
      // Another product: the page mounts a viewer for it, which attaches and catches up then.
      if (shown.productId === state.productId && shown.mode === 'follow') applyDemoState(viewer, state);
    },
    attach(next) {
      viewer = next;
      if (!next) return;
      next.store.setState({ mode: 'follow' });
      const latest = store.getState().latest;
      if (latest?.productId) applyDemoState(next, latest);
    },
    rejoin() {
      if (!viewer) return;
      viewer.store.setState({ mode: 'follow' });
      const latest = store.getState().latest;
      if (latest?.productId) applyDemoState(viewer, latest);
      viewer.invalidate();
    },
  };
}

// ---------- publishing a viewer's state (the host's demo) ----------

/** Writes the viewer's current state as a Demo3dState into `out` (reused between calls). */
export function readDemoState(viewer: Viewer, out: Demo3dState): Demo3dState {
  const s = viewer.store.getState();
  out.productId = s.productId;
  out.variantId = s.variantId;
  out.hotspot = s.hotspot;
  out.explode = s.explode;
  copy3(out.camera.position, viewer.pose.position);
  copy3(out.camera.target, viewer.pose.target);
  return out;
}

const sameVec = (a: Readonly<Vec3>, b: Readonly<Vec3>, epsilon: number) =>
  Math.abs(a[0] - b[0]) <= epsilon && Math.abs(a[1] - b[1]) <= epsilon && Math.abs(a[2] - b[2]) <= epsilon;

/** Equal for the eye: camera moves under a tenth of a millimetre do not count. */
export function sameDemoState(a: Demo3dState, b: Demo3dState, epsilon = 1e-4): boolean {
  return (
    a.productId === b.productId &&
    a.variantId === b.variantId &&
    a.hotspot === b.hotspot &&
    Math.abs(a.explode - b.explode) <= epsilon &&
    sameVec(a.camera.position, b.camera.position, epsilon) &&
    sameVec(a.camera.target, b.camera.target, epsilon)
  );
}

export const emptyDemoState = (): Demo3dState => ({ productId: null, variantId: null, camera: { position: [0, 0, 1], target: [0, 0, 0] }, hotspot: null, explode: 0 });

const rounded = (x: number) => Math.round(x * 1e5) / 1e5;

/** A copy fit for the wire: fresh arrays, numbers to a hundredth of a millimetre. */
export function demoStateForWire(state: Demo3dState): Demo3dState {
  return {
    productId: state.productId,
    variantId: state.variantId,
    hotspot: state.hotspot,
    explode: rounded(state.explode),
    camera: {
      position: [rounded(state.camera.position[0]), rounded(state.camera.position[1]), rounded(state.camera.position[2])],
      target: [rounded(state.camera.target[0]), rounded(state.camera.target[1]), rounded(state.camera.target[2])],
    },
  };
}

export interface DemoPublisherOptions {
  /** Where states go (a show channel's latest-wins value, a room's). */
  send(state: Demo3dState): void;
  /** About 15 a second. */
  intervalMs: number;
  /**
   * An unchanged state is sent again after this long: a value lost on the way (a dropped message, a
   * restarted server that kept no latest-wins values) heals within a second instead of never.
   */
  refreshMs?: number;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export interface DemoPublisher {
  /** Samples this viewer every interval and sends its state when it changed. */
  start(viewer: Viewer): void;
  /** Stops sampling; `closing` (the demo ended) is sent once when given. */
  stop(closing?: Demo3dState): void;
  /** Samples now (a variant click need not wait for the next tick). */
  flush(): void;
}

export function createDemoPublisher(options: DemoPublisherOptions): DemoPublisher {
  const every = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms));
  const cancel = options.clearInterval ?? ((handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>));
  let viewer: Viewer | null = null;
  let timer: unknown = null;
  const scratch = emptyDemoState();
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 1000;
  let lastSent: Demo3dState | null = null;
  let lastSentAt = -Infinity;
  const tick = () => {
    if (!viewer) return;
    readDemoState(viewer, scratch);
    if (lastSent && sameDemoState(scratch, lastSent) && now() - lastSentAt < refreshMs) return;
    lastSent = demoStateForWire(scratch);
    lastSentAt = now();
    options.send(lastSent);
  };
  return {
    start(next) {
      if (timer !== null) cancel(timer);
      viewer = next;
      lastSent = null;
      timer = every(tick, options.intervalMs);
      tick();
    },
    stop(closing) {
      if (timer !== null) cancel(timer);
      timer = null;
      viewer = null;
      if (closing) options.send(demoStateForWire(closing));
      lastSent = null;
    },
    flush: tick,
  };
}
