import { describe, expect, it } from 'vitest';
import type { Demo3dState } from '../../../common/models';
import { createDemoFollower, createDemoPublisher, createViewer, readDemoState, emptyDemoState, sameDemoState } from './core';

const hostState = (over: Partial<Demo3dState> = {}): Demo3dState => ({
  productId: 'aviator-sunglasses',
  variantId: 'aviator-sunglasses-gold',
  camera: { position: [0.1, 0.05, 0.2], target: [0, 0.01, 0] },
  hotspot: null,
  explode: 0,
  ...over,
});

describe('viewer core', () => {
  it('notifies subscribers only when something changed', () => {
    const viewer = createViewer({ productId: 'p', variantId: 'a' });
    let notified = 0;
    let invalidated = 0;
    viewer.store.subscribe(() => notified++);
    viewer.onInvalidate(() => invalidated++);
    viewer.setVariant('a');
    viewer.openHotspot(null);
    viewer.setExplode(0);
    expect(notified).toBe(0);
    viewer.setVariant('b');
    viewer.setExplode(3);
    expect(notified).toBe(2);
    expect(viewer.store.getState()).toMatchObject({ variantId: 'b', explode: 1 });
    expect(invalidated).toBe(2);
  });

  it('resets to the framing, closing the hotspot and the exploded view, and stops following', () => {
    const viewer = createViewer({ mode: 'follow', hotspot: 'lens', explode: 0.5 });
    viewer.resetView({ position: [1, 2, 3], target: [0, 1, 0] });
    expect(viewer.store.getState()).toMatchObject({ mode: 'free', hotspot: null, explode: 0 });
    expect(viewer.goal).toEqual({ position: [1, 2, 3], target: [0, 1, 0], active: true });
    viewer.takeControl();
    expect(viewer.goal.active).toBe(false);
  });
});

describe('demo follower', () => {
  it('applies each state to a following viewer: camera goal, variant, hotspot, explode', () => {
    const follower = createDemoFollower();
    const viewer = createViewer({ productId: 'aviator-sunglasses' });
    follower.receive(hostState());
    follower.attach(viewer);
    expect(viewer.store.getState()).toMatchObject({ mode: 'follow', variantId: 'aviator-sunglasses-gold' });
    expect(viewer.goal).toMatchObject({ active: true, position: [0.1, 0.05, 0.2], target: [0, 0.01, 0] });

    follower.receive(hostState({ variantId: 'aviator-sunglasses-black', hotspot: 'lens', explode: 0.4, camera: { position: [0, 0.1, 0.3], target: [0, 0, 0] } }));
    expect(viewer.store.getState()).toMatchObject({ variantId: 'aviator-sunglasses-black', hotspot: 'lens', explode: 0.4 });
    expect(viewer.goal.position).toEqual([0, 0.1, 0.3]);
  });

  it('keeps the newest state without applying it after the user breaks away, and rejoins at it', () => {
    const follower = createDemoFollower();
    const viewer = createViewer({ productId: 'aviator-sunglasses' });
    follower.attach(viewer);
    follower.receive(hostState());
    viewer.takeControl();
    follower.receive(hostState({ variantId: 'aviator-sunglasses-silver', camera: { position: [0.3, 0, 0], target: [0, 0, 0] } }));
    expect(viewer.store.getState()).toMatchObject({ mode: 'free', variantId: 'aviator-sunglasses-gold' });
    expect(viewer.goal.active).toBe(false);

    follower.rejoin();
    expect(viewer.store.getState()).toMatchObject({ mode: 'follow', variantId: 'aviator-sunglasses-silver' });
    expect(viewer.goal).toMatchObject({ active: true, position: [0.3, 0, 0] });
  });

  it('tells pages when the demo opens, changes product and closes', () => {
    const follower = createDemoFollower();
    expect(follower.store.getState()).toMatchObject({ active: false, productId: null });
    follower.receive(hostState());
    expect(follower.store.getState()).toMatchObject({ active: true, productId: 'aviator-sunglasses' });
    follower.receive(hostState({ productId: 'round-glasses', variantId: null }));
    expect(follower.store.getState().productId).toBe('round-glasses');
    follower.receive(hostState({ productId: null, variantId: null }));
    expect(follower.store.getState()).toMatchObject({ active: false, productId: null });
  });

  it('does not apply another product’s state to the viewer it has', () => {
    const follower = createDemoFollower();
    const viewer = createViewer({ productId: 'aviator-sunglasses' });
    follower.receive(hostState());
    follower.attach(viewer);
    follower.receive(hostState({ productId: 'round-glasses', variantId: 'round-glasses-black' }));
    expect(viewer.store.getState().variantId).toBe('aviator-sunglasses-gold');
  });
});

describe('demo publisher', () => {
  function manualClock() {
    let tick: (() => void) | null = null;
    return {
      setInterval: (fn: () => void) => {
        tick = fn;
        return 1;
      },
      clearInterval: () => {
        tick = null;
      },
      tick: () => tick?.(),
      running: () => tick !== null,
    };
  }

  it('sends the viewer’s state at once, then only when it changed', () => {
    const clock = manualClock();
    const sent: Demo3dState[] = [];
    let now = 0;
    const publisher = createDemoPublisher({ send: (s) => sent.push(s), intervalMs: 66, refreshMs: 1000, now: () => now, ...clock });
    const viewer = createViewer({ productId: 'aviator-sunglasses', variantId: 'aviator-sunglasses-gold' });
    viewer.pose.position[0] = 0.2;
    publisher.start(viewer);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ productId: 'aviator-sunglasses', variantId: 'aviator-sunglasses-gold', camera: { position: [0.2, 0, 1] } });

    clock.tick();
    clock.tick();
    expect(sent).toHaveLength(1);

    // A move below a tenth of a millimetre is not worth sending; a real turn is.
    viewer.pose.position[0] = 0.20000001;
    clock.tick();
    expect(sent).toHaveLength(1);
    viewer.pose.position[0] = 0.25;
    clock.tick();
    viewer.setExplode(0.5);
    clock.tick();
    expect(sent.map((s) => [s.camera.position[0], s.explode])).toEqual([
      [0.2, 0],
      [0.25, 0],
      [0.25, 0.5],
    ]);
    // Each sent state is its own object: the publisher's scratch state never leaks out.
    expect(sent[1]).not.toBe(sent[2]);

    // Unchanged for a second: sent again, in case the last one was lost.
    now = 999;
    clock.tick();
    expect(sent).toHaveLength(3);
    now = 1000;
    clock.tick();
    expect(sent).toHaveLength(4);
    expect(sent[3]).toEqual(sent[2]);
  });

  it('stops sampling and sends the closing state once', () => {
    const clock = manualClock();
    const sent: Demo3dState[] = [];
    const publisher = createDemoPublisher({ send: (s) => sent.push(s), intervalMs: 66, ...clock });
    publisher.start(createViewer({ productId: 'p' }));
    publisher.stop(emptyDemoState());
    expect(clock.running()).toBe(false);
    expect(sent.at(-1)).toMatchObject({ productId: null });
    expect(sent).toHaveLength(2);
  });

  it('round-trips a viewer through readDemoState and a follower', () => {
    const host = createViewer({ productId: 'p', variantId: 'v', hotspot: 'h', explode: 0.3 });
    host.pose.position.splice(0, 3, 0.1, 0.2, 0.3);
    const state = readDemoState(host, emptyDemoState());
    const follower = createDemoFollower();
    const viewer = createViewer({ productId: 'p' });
    follower.receive(state);
    follower.attach(viewer);
    expect(sameDemoState(readDemoState(viewer, emptyDemoState()), { ...state, camera: { position: [0, 0, 1], target: [0, 0, 0] } })).toBe(true);
    expect(viewer.goal.position).toEqual([0.1, 0.2, 0.3]);
  });
});
