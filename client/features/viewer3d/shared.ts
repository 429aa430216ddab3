// One 3D view shared by several people, each of whom may take it over (a co-shopping room's "look
// at this"): whoever touched it last leads and sends their view; everyone else follows the newest
// state that arrives. React-free; the feature knows nothing of rooms or channels — the page hands in
// where our states go (`send`) and feeds the others' states in (`receive`).
//
// No two members keep overriding each other: a member sends only while leading, and leads only
// after their own interaction (a drag, a key, the explode slider, reset: anything that calls
// viewer.takeControl) or because they shared the product. Applying a followed state never does.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Demo3dState } from '../../../common/models';
import { createDemoFollower, createDemoPublisher, sameDemoState, type DemoFollower, type DemoPublisherOptions, type Viewer, type ViewerState } from './core';

export interface SharedViewState {
  /** We lead: our view is sent, the others follow it. */
  leading: boolean;
}

export interface SharedViewOptions extends Pick<DemoPublisherOptions, 'send' | 'intervalMs' | 'refreshMs' | 'setInterval' | 'clearInterval'> {
  /**
   * Another member's state this soon after we took the lead was sent before they saw us lead (their
   * last move, their publisher's refresh): it does not take the lead back from our running drag.
   */
  graceMs?: number;
  now?: () => number;
}

export interface SharedView {
  store: StoreApi<SharedViewState>;
  /** The follower underneath, for its newest state. */
  follower: DemoFollower;
  /** Another member's state of the shared view: followed, and it ends our lead. */
  receive(state: Demo3dState): void;
  /** Attaches the viewer that shows the shared product (null when it closes); `lead`: we shared it. */
  attach(viewer: Viewer | null, lead: boolean): void;
}

export const sharedViewGraceMs = 300;

export function createSharedView(options: SharedViewOptions): SharedView {
  const now = options.now ?? Date.now;
  const graceMs = options.graceMs ?? sharedViewGraceMs;
  const store = createStore<SharedViewState>()(() => ({ leading: false }));
  const follower = createDemoFollower();
  const publisher = createDemoPublisher({ ...options, now });
  let viewer: Viewer | null = null;
  let unsubscribe: (() => void) | null = null;
  let ledSince = -Infinity;

  const lead = () => {
    if (!viewer || store.getState().leading) return;
    ledSince = now();
    store.setState({ leading: true });
    publisher.start(viewer);
  };
  const stopLeading = () => {
    if (!store.getState().leading) return;
    publisher.stop();
    store.setState({ leading: false });
  };
  // Follow → free is the user taking the controls; free → follow (our own rejoin) is not.
  const onViewerChange = (s: ViewerState, previous: ViewerState) => {
    if (s.mode === 'free' && previous.mode === 'follow') lead();
  };

  return {
    store,
    follower,
    receive(state) {
      const previous = follower.store.getState().latest;
      // Applied at once when we follow; kept as the newest otherwise.
      follower.receive(state);
      if (!store.getState().leading || now() - ledSince < graceMs) return;
      // The old leader's refresh of the view we broke away from, however late it comes: nobody moved.
      if (previous && sameDemoState(previous, state)) return;
      stopLeading();
      follower.rejoin();
    },
    attach(next, leadNow) {
      unsubscribe?.();
      unsubscribe = null;
      stopLeading();
      follower.attach(null);
      viewer = next;
      if (!next) return;
      follower.attach(next);
      unsubscribe = next.store.subscribe(onViewerChange);
      if (leadNow) next.takeControl();
    },
  };
}
