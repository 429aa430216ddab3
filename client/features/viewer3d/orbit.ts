// Camera moves shared by the keyboard and the frame loop, on three.js vectors that the caller owns
// and reuses: nothing here allocates.
import { Spherical, Vector3 } from 'three';

export interface OrbitLimits {
  minDistance: number;
  maxDistance: number;
  minPolarAngle: number;
  maxPolarAngle: number;
}

export interface OrbitScratch {
  offset: Vector3;
  spherical: Spherical;
  goalSpherical: Spherical;
  goalTarget: Vector3;
}

export const createOrbitScratch = (): OrbitScratch => ({ offset: new Vector3(), spherical: new Spherical(), goalSpherical: new Spherical(), goalTarget: new Vector3() });

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Turns `position` around `target` by dTheta (about +Y) and dPhi (towards the poles), and scales its distance by `zoom`. */
export function orbitBy(position: Vector3, target: Vector3, dTheta: number, dPhi: number, zoom: number, limits: OrbitLimits, scratch: OrbitScratch): void {
  const { offset, spherical } = scratch;
  offset.subVectors(position, target);
  spherical.setFromVector3(offset);
  spherical.theta += dTheta;
  spherical.phi = clamp(spherical.phi + dPhi, limits.minPolarAngle, limits.maxPolarAngle);
  spherical.radius = clamp(spherical.radius * zoom, limits.minDistance, limits.maxDistance);
  spherical.makeSafe();
  offset.setFromSpherical(spherical);
  position.addVectors(target, offset);
}

/** The angle from a to b the short way round, in (-π, π]. */
export function shortAngle(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/**
 * Eases the camera towards a goal pose by the fraction `k` (0…1), around the target rather than in a
 * straight line, so a half turn swings round the model instead of through it. Returns true when there.
 */
export function easeTowards(position: Vector3, target: Vector3, goalPosition: Vector3, goalTargetIn: Vector3, k: number, scratch: OrbitScratch, epsilon = 1e-5): boolean {
  const { offset, spherical, goalSpherical, goalTarget } = scratch;
  goalTarget.copy(goalTargetIn);
  offset.subVectors(goalPosition, goalTarget);
  goalSpherical.setFromVector3(offset);
  offset.subVectors(position, target);
  spherical.setFromVector3(offset);
  spherical.radius += (goalSpherical.radius - spherical.radius) * k;
  spherical.phi += (goalSpherical.phi - spherical.phi) * k;
  spherical.theta += shortAngle(spherical.theta, goalSpherical.theta) * k;
  spherical.makeSafe();
  target.lerp(goalTarget, k);
  offset.setFromSpherical(spherical);
  position.addVectors(target, offset);
  if (position.distanceToSquared(goalPosition) < epsilon * epsilon && target.distanceToSquared(goalTarget) < epsilon * epsilon) {
    position.copy(goalPosition);
    target.copy(goalTarget);
    return true;
  }
  return false;
}

/** The fraction of the way to go this frame for a critically damped ease of rate `lambda` per second. */
export const dampFactor = (lambda: number, deltaSeconds: number) => 1 - Math.exp(-lambda * Math.min(deltaSeconds, 0.1));
