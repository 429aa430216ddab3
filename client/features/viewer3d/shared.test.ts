import { describe, expect, it } from 'vitest';
import type { Demo3dState } from '../../../common/models';
import { createViewer } from './core';
import { createSharedView } from './shared';

const friendState = (x: number, over: Partial<Demo3dState> = {}): Demo3dState => ({
  productId: 'aviator-sunglasses',
  variantId: 'aviator-sunglasses-gold',
  camera: { position: [x, 0.05, 0.2], target: [0, 0.01, 0] },
  hotspot: null,
  explode: 0,
  ...over,
});

/** A shared view on a hand-driven clock and interval, recording what it sends. */
function setup(graceMs = 300) {
  let clock = 1000;
  let tick: (() => void) | null = null;
  const sent: Demo3dState[] = [];
  const shared = createSharedView({
    send: (state) => sent.push(state),
    intervalMs: 66,
    graceMs,
    now: () => clock,
    setInterval: (fn) => {
      tick = fn;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  });
  const viewer = createViewer({ productId: 'aviator-sunglasses', variantId: 'aviator-sunglasses-gold' });
  return {
    shared,
    viewer,
    sent,
    advance(ms: number) {
      clock += ms;
      tick?.();
    },
    ticking: () => tick !== null,
  };
}

describe('shared 3D view of a room', () => {
  it('the sharer leads from the start: it sends its view, and only when it changed', () => {
    const { shared, viewer, sent, advance } = setup();
    viewer.pose.position.splice(0, 3, 0.3, 0.1, 0.4);
    shared.attach(viewer, true);
    expect(shared.store.getState().leading).toBe(true);
    expect(viewer.store.getState().mode).toBe('free');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.camera.position).toEqual([0.3, 0.1, 0.4]);
    advance(66);
    expect(sent).toHaveLength(1);
    viewer.pose.position[0] = 0.35;
    advance(66);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.camera.position[0]).toBe(0.35);
  });

  it('a member who did not share follows the newest state and sends nothing while it only follows', () => {
    const { shared, viewer, sent, advance, ticking } = setup();
    shared.attach(viewer, false);
    expect(viewer.store.getState().mode).toBe('follow');
    shared.receive(friendState(0.2, { variantId: 'aviator-sunglasses-black', explode: 0.5 }));
    expect(viewer.goal).toMatchObject({ position: [0.2, 0.05, 0.2], active: true });
    expect(viewer.store.getState()).toMatchObject({ variantId: 'aviator-sunglasses-black', explode: 0.5 });
    // The scene easing the camera towards the followed pose is not the user's doing: nothing goes out.
    viewer.pose.position.splice(0, 3, 0.2, 0.05, 0.2);
    advance(1000);
    expect(sent).toHaveLength(0);
    expect(ticking()).toBe(false);
    expect(shared.store.getState().leading).toBe(false);
  });

  it('a follower that drags takes the lead; the others see its view from then on', () => {
    const { shared, viewer, sent, advance } = setup();
    shared.attach(viewer, false);
    shared.receive(friendState(0.2));
    viewer.takeControl(); // what the scene's controls do on a drag's start
    expect(shared.store.getState().leading).toBe(true);
    expect(sent).toHaveLength(1);
    viewer.pose.position[0] = -0.1;
    advance(66);
    expect(sent.at(-1)!.camera.position[0]).toBe(-0.1);
    // Its own drag is not overridden by the old leader's states any more.
    expect(viewer.goal.active).toBe(false);
  });

  it('a leader follows again when another member’s state arrives, and stops sending', () => {
    const { shared, viewer, sent, advance, ticking } = setup();
    shared.attach(viewer, true);
    advance(500);
    const before = sent.length;
    shared.receive(friendState(-0.3));
    expect(shared.store.getState().leading).toBe(false);
    expect(viewer.store.getState().mode).toBe('follow');
    expect(viewer.goal).toMatchObject({ position: [-0.3, 0.05, 0.2], active: true });
    expect(ticking()).toBe(false);
    advance(2000);
    expect(sent).toHaveLength(before);
  });

  it('a state sent before the other member saw us take the lead does not take it back', () => {
    const { shared, viewer } = setup(300);
    shared.attach(viewer, false);
    shared.receive(friendState(0.2));
    viewer.takeControl();
    // The old leader's refresh, already on its way.
    shared.receive(friendState(0.2));
    expect(shared.store.getState().leading).toBe(true);
    expect(viewer.store.getState().mode).toBe('free');
  });

  it('the old leader repeating the view we broke away from does not take the lead back, however late', () => {
    const { shared, viewer, advance } = setup(300);
    shared.attach(viewer, false);
    shared.receive(friendState(0.2));
    viewer.takeControl();
    advance(5000);
    // Its publisher's refresh, delayed by a slow network: the same state as before.
    shared.receive(friendState(0.2));
    expect(shared.store.getState().leading).toBe(true);
    // It moves again: now it leads.
    shared.receive(friendState(0.3));
    expect(shared.store.getState().leading).toBe(false);
    expect(viewer.goal).toMatchObject({ position: [0.3, 0.05, 0.2], active: true });
  });

  it('detaching stops sending; re-attaching as a follower follows the newest state at once', () => {
    const { shared, viewer, advance, ticking } = setup();
    shared.attach(viewer, true);
    shared.attach(null, false);
    expect(ticking()).toBe(false);
    expect(shared.store.getState().leading).toBe(false);
    advance(1000);
    shared.receive(friendState(0.25));
    const next = createViewer({ productId: 'aviator-sunglasses' });
    shared.attach(next, false);
    expect(next.goal).toMatchObject({ position: [0.25, 0.05, 0.2], active: true });
    // The old viewer's controls no longer lead anything.
    viewer.takeControl();
    expect(shared.store.getState().leading).toBe(false);
  });
});
