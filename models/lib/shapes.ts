// Small geometry helpers over three's generators, in metres. Every helper returns a fresh
// BufferGeometry that the caller may transform further.
import {
  BufferGeometry,
  CatmullRomCurve3,
  CylinderGeometry,
  Euler,
  ExtrudeGeometry,
  Float32BufferAttribute,
  LatheGeometry,
  Matrix4,
  Quaternion,
  Shape,
  SphereGeometry,
  TorusGeometry,
  TubeGeometry,
  Vector2,
  Vector3,
  type Curve,
} from 'three';
import { RoundedBoxGeometry } from 'three/examples/jsm/geometries/RoundedBoxGeometry.js';

export type P2 = [number, number];
export type P3 = [number, number, number];

const v3 = (p: P3) => new Vector3(p[0], p[1], p[2]);

/** Places a geometry: rotation in radians (XYZ Euler), then translation. */
export function place(geometry: BufferGeometry, at: P3 = [0, 0, 0], rotation: P3 = [0, 0, 0], scale: P3 = [1, 1, 1]): BufferGeometry {
  const matrix = new Matrix4().compose(v3(at), new Quaternion().setFromEuler(new Euler(rotation[0], rotation[1], rotation[2], 'XYZ')), v3(scale));
  geometry.applyMatrix4(matrix);
  return geometry;
}

/** A surface of revolution about +Y from a [radius, height] profile, bottom to top. */
export function lathe(profile: P2[], segments = 48, phiStart = 0, phiLength = Math.PI * 2): BufferGeometry {
  return new LatheGeometry(profile.map(([r, y]) => new Vector2(Math.max(r, 0), y)), segments, phiStart, phiLength);
}

/** A tube along a smooth curve through `points`, its radius a constant or a function of t ∈ [0, 1]. */
export function tube(points: P3[] | Curve<Vector3>, radius: number | ((t: number) => number), tubular = 64, radial = 12, closed = false): BufferGeometry {
  const curve = Array.isArray(points) ? new CatmullRomCurve3(points.map(v3), closed, 'centripetal') : points;
  const r0 = typeof radius === 'number' ? radius : 1;
  const geometry = new TubeGeometry(curve, tubular, r0, radial, closed);
  if (typeof radius === 'function') {
    // TubeGeometry lays out (tubular + 1) rings of (radial + 1) vertices: scale each ring about its
    // centre on the curve to taper the tube.
    const position = geometry.getAttribute('position');
    const centre = new Vector3();
    const vertex = new Vector3();
    for (let i = 0; i <= tubular; i++) {
      const t = i / tubular;
      curve.getPointAt(t, centre);
      const r = radius(t);
      for (let j = 0; j <= radial; j++) {
        const k = i * (radial + 1) + j;
        vertex.fromBufferAttribute(position, k).sub(centre).multiplyScalar(r / r0).add(centre);
        position.setXYZ(k, vertex.x, vertex.y, vertex.z);
      }
    }
  }
  return geometry;
}

/** A closed loop tube through `points`. */
export function loop(points: P3[], radius: number, tubular = 96, radial = 10): BufferGeometry {
  return tube(points, radius, tubular, radial, true);
}

export function sphere(radius: number, at: P3 = [0, 0, 0], scale: P3 = [1, 1, 1], width = 32, height = 16): BufferGeometry {
  return place(new SphereGeometry(radius, width, height), at, [0, 0, 0], scale);
}

/** A cylinder along +Y, centred. */
export function cylinder(radiusTop: number, radiusBottom: number, height: number, segments = 32, open = false): BufferGeometry {
  return new CylinderGeometry(radiusTop, radiusBottom, height, segments, 1, open);
}

/** A torus in the XY plane (its axis +Z). */
export function torus(radius: number, tubeRadius: number, radial = 12, tubular = 48, arc = Math.PI * 2): BufferGeometry {
  return new TorusGeometry(radius, tubeRadius, radial, tubular, arc);
}

export function roundedBox(width: number, height: number, depth: number, radius: number, segments = 3): BufferGeometry {
  return new RoundedBoxGeometry(width, height, depth, segments, radius);
}

/** A flat shape in XY from an outline (and holes), extruded along +Z by `depth`, bevelled. */
export function extrude(outline: P2[], depth: number, bevel = 0, holes: P2[][] = [], curveSegments = 24): BufferGeometry {
  const shape = new Shape(outline.map(([x, y]) => new Vector2(x, y)));
  for (const hole of holes) shape.holes.push(new Shape(hole.map(([x, y]) => new Vector2(x, y))));
  const geometry = new ExtrudeGeometry(shape, {
    depth,
    bevelEnabled: bevel > 0,
    bevelThickness: bevel,
    bevelSize: bevel,
    bevelSegments: 3,
    curveSegments,
  });
  return geometry;
}

/** Points of an ellipse in XY, counter-clockwise. */
export function ellipse(rx: number, ry: number, count = 48, cx = 0, cy = 0): P2[] {
  return Array.from({ length: count }, (_, i) => {
    const a = (i / count) * Math.PI * 2;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as P2;
  });
}

/**
 * A grid surface from a function (u, v) → point, both in [0, 1], with `keep(u, v)` deciding which
 * quads exist (to cut openings). Normals are computed from the surface.
 */
export function surface(fn: (u: number, v: number) => P3, uSegments: number, vSegments: number, keep: (u: number, v: number) => boolean = () => true): BufferGeometry {
  const positions: number[] = [];
  for (let i = 0; i <= uSegments; i++) for (let j = 0; j <= vSegments; j++) positions.push(...fn(i / uSegments, j / vSegments));
  const index: number[] = [];
  const row = vSegments + 1;
  for (let i = 0; i < uSegments; i++)
    for (let j = 0; j < vSegments; j++) {
      if (!keep((i + 0.5) / uSegments, (j + 0.5) / vSegments)) continue;
      const a = i * row + j, b = (i + 1) * row + j, c = (i + 1) * row + j + 1, d = i * row + j + 1;
      index.push(a, b, d, b, c, d);
    }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  geometry.setIndex(index);
  geometry.computeVertexNormals();
  return geometry;
}

/** Reverses the winding (and normals) of a geometry, for the inside of a shell. */
export function flip(geometry: BufferGeometry): BufferGeometry {
  const index = geometry.index;
  if (index) for (let i = 0; i < index.count; i += 3) { const b = index.getX(i + 1); index.setX(i + 1, index.getX(i + 2)); index.setX(i + 2, b); }
  const normal = geometry.getAttribute('normal');
  if (normal) for (let i = 0; i < normal.count; i++) normal.setXYZ(i, -normal.getX(i), -normal.getY(i), -normal.getZ(i));
  return geometry;
}
