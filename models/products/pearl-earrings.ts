// One pearl drop earring (the left ear's; the try-on mirrors it for the right): a stainless post
// through the lobe with a butterfly back, a small link and a freshwater pearl under a cap.
// Origin at the lobe piercing. The left ear's lobe faces out to +X, so the decorated front faces +X
// and the post runs into the head along -X; the pieces are drawn facing +Z and turned a quarter turn.
import type { BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';

/** Turns a piece drawn facing +Z to face +X (out of the left ear). */
const outOfLeftEar = (geometries: BufferGeometry[]) => geometries.map((g) => g.rotateY(Math.PI / 2));
import { cylinder, lathe, place, sphere, torus } from '../lib/shapes';

export const pearlEarrings: ProductModel = {
  productId: 'pearl-earrings',
  build(b) {
    const steel = b.material('steel', { color: '#cfd2d6', metalness: 1, roughness: 0.18 });
    const pearl = b.material('pearl', {
      white: { color: '#f4f1ea', metalness: 0.05, roughness: 0.18 },
      pink: { color: '#f3d1d4', metalness: 0.05, roughness: 0.18 },
    });
    const front = place(sphere(0.0022, [0, 0, 0], [1, 1, 0.45], 20, 10), [0, 0, 0.0009]);
    const post = place(cylinder(0.0004, 0.0004, 0.0105, 10), [0, 0, -0.0045], [Math.PI / 2, 0, 0]);
    const loop = place(torus(0.0014, 0.00035, 6, 16), [0, -0.0032, 0.0009]);
    b.part('post', [[outOfLeftEar([front, post, loop]), steel]]);
    // The butterfly back: a small disc with two curled wings.
    const back = [
      place(cylinder(0.0028, 0.0028, 0.0007, 20), [0, 0, -0.0075], [Math.PI / 2, 0, 0]),
      place(torus(0.0016, 0.00045, 6, 16, Math.PI), [0.0013, 0, -0.0082], [0, Math.PI / 2, 0]),
      place(torus(0.0016, 0.00045, 6, 16, Math.PI), [-0.0013, 0, -0.0082], [0, Math.PI / 2, 0]),
    ];
    b.part('back', [[outOfLeftEar(back), steel]]);
    const bail = place(torus(0.0011, 0.0003, 6, 14), [0, -0.0052, 0.0009], [0, Math.PI / 2, 0]);
    // The bead cap over the pearl's top, profile from its rim up to the axis (outward-facing).
    const cap = lathe([[0.0029, -0.0077], [0.0023, -0.0069], [0.0012, -0.0064], [0.0001, -0.0063]], 24).translate(0, 0, 0.0009);
    const pearlBall = sphere(0.0046, [0, -0.0118, 0.0009], [1, 1.04, 1], 32, 20);
    b.part('drop', [[outOfLeftEar([bail, cap]), steel], [outOfLeftEar([pearlBall]), pearl]]);
  },
  alt: {
    ja: 'ステンレスのポストに淡水パールが揺れるドロップピアス。',
    en: 'A pearl drop earring: a freshwater pearl hanging from a stainless steel post.',
  },
  hotspots: [
    {
      id: 'pearl', position: [0.0055, -0.012, 0], normal: [1, 0, 0],
      title: { ja: '淡水パール', en: 'Freshwater pearl' },
      text: { ja: '揺れるたびにやわらかく光る淡水パール。', en: 'A freshwater pearl that catches the light as it sways.' },
    },
    {
      id: 'post', position: [0.001, 0.0022, 0], normal: [0.4, 1, 0],
      title: { ja: 'サージカルステンレス', en: 'Surgical stainless steel' },
      text: { ja: '金具はサージカルステンレス。肌にやさしい素材です。', en: 'Posts in surgical stainless steel, gentle on the skin.' },
    },
  ],
  parts: [
    { node: 'back', offset: [-0.012, 0, 0] },
    { node: 'drop', offset: [0, -0.008, 0] },
  ],
  anchorWidth: 0.0093,
  view: [1, 0.12, 0.3],
};
