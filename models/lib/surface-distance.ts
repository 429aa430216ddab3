// The nearest point on a document's triangles to a given point, in model space: the build snaps each
// hotspot onto the surface with it. Reads the unoptimised document (part nodes have no transform).
import type { Document } from '@gltf-transform/core';
import { Triangle, Vector3 } from 'three';

export function closestSurfacePoint(document: Document, point: [number, number, number]): { point: [number, number, number]; distance: number } {
  const target = new Vector3(...point);
  const triangle = new Triangle();
  const closest = new Vector3();
  const found = new Vector3();
  let best = Infinity;
  for (const mesh of document.getRoot().listMeshes()) {
    for (const primitive of mesh.listPrimitives()) {
      const position = primitive.getAttribute('POSITION')!;
      const indices = primitive.getIndices()!;
      const element = [0, 0, 0];
      const corner = (i: number, into: Vector3) => into.fromArray(position.getElement(indices.getScalar(i), element));
      for (let i = 0; i < indices.getCount(); i += 3) {
        corner(i, triangle.a);
        corner(i + 1, triangle.b);
        corner(i + 2, triangle.c);
        triangle.closestPointToPoint(target, closest);
        const d = closest.distanceTo(target);
        if (d < best) {
          best = d;
          found.copy(closest);
        }
      }
    }
  }
  return { point: [found.x, found.y, found.z], distance: best };
}
