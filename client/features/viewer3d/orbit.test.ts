import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { createOrbitScratch, dampFactor, easeTowards, orbitBy, shortAngle } from './orbit';

const limits = { minDistance: 0.1, maxDistance: 1, minPolarAngle: 0.1, maxPolarAngle: Math.PI * 0.6 };

describe('orbit moves', () => {
  it('turns around the target at the same distance and clamps zoom to the limits', () => {
    const scratch = createOrbitScratch();
    const position = new Vector3(0, 0, 0.5);
    const target = new Vector3(0, 0, 0);
    orbitBy(position, target, Math.PI / 2, 0, 1, limits, scratch);
    expect(position.x).toBeCloseTo(0.5);
    expect(position.z).toBeCloseTo(0);
    expect(position.length()).toBeCloseTo(0.5);
    orbitBy(position, target, 0, 0, 100, limits, scratch);
    expect(position.length()).toBeCloseTo(1);
    orbitBy(position, target, 0, 0, 0.0001, limits, scratch);
    expect(position.length()).toBeCloseTo(0.1);
    orbitBy(position, target, 0, -10, 1, limits, scratch);
    expect(Math.acos(position.y / position.length())).toBeCloseTo(0.1);
  });

  it('takes the short way round', () => {
    expect(shortAngle(Math.PI * 0.9, -Math.PI * 0.9)).toBeCloseTo(Math.PI * 0.2);
    expect(shortAngle(0, Math.PI / 2)).toBeCloseTo(Math.PI / 2);
  });

  it('eases to the goal around the target and arrives exactly', () => {
    const scratch = createOrbitScratch();
    const position = new Vector3(0, 0, 0.5);
    const target = new Vector3(0, 0, 0);
    const goal = new Vector3(0, 0, -0.5);
    const goalTarget = new Vector3(0, 0.01, 0);
    let arrived = false;
    let steps = 0;
    let closest = Infinity;
    while (!arrived && steps < 1000) {
      arrived = easeTowards(position, target, goal, goalTarget, dampFactor(8, 1 / 60), scratch);
      closest = Math.min(closest, position.distanceTo(target));
      steps++;
    }
    expect(arrived).toBe(true);
    expect(position.toArray()).toEqual(goal.toArray());
    expect(target.toArray()).toEqual(goalTarget.toArray());
    // Half a turn swings round the model, never through it.
    expect(closest).toBeGreaterThan(0.45);
    expect(steps).toBeLessThan(200);
  });
});
