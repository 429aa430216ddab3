// Wireless earbuds: a pill-shaped charging case with its lid and a status light, and the two buds
// (body, silicone tip, stem) standing in front of it. Origin at the centre of the case's base.
import type { BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';
import { cylinder, place, roundedBox, sphere } from '../lib/shapes';

const lidSeam = 0.036;

/** Presses every vertex into the slab lo ≤ y ≤ hi: cuts a closed shape with flat faces. */
function clampY(geometry: BufferGeometry, lo: number, hi: number): BufferGeometry {
  const p = geometry.getAttribute('position');
  for (let i = 0; i < p.count; i++) p.setY(i, Math.min(hi, Math.max(lo, p.getY(i))));
  geometry.computeVertexNormals();
  return geometry;
}

function bud(side: 1 | -1): { shell: BufferGeometry[]; tip: BufferGeometry } {
  const x = side * 0.02;
  const shell = [
    sphere(0.0085, [x, 0.0235, 0.032], [1, 1, 0.9], 28, 16),
    place(cylinder(0.0027, 0.0031, 0.017, 20), [x + side * 0.001, 0.0115, 0.032], [0, 0, side * 0.1]),
    sphere(0.0027, [x + side * 0.0018, 0.0027 + 0.0003, 0.032], [1, 1, 1], 16, 8),
  ];
  const tip = place(sphere(0.0056, [0, 0, 0], [1, 1, 0.85], 20, 12), [x - side * 0.0068, 0.0268, 0.0345], [0, 0, 0], [0.8, 1, 1]);
  return { shell, tip };
}

export const wirelessEarbuds: ProductModel = {
  productId: 'wireless-earbuds',
  build(b) {
    const plastic = b.material('plastic', {
      white: { color: '#f7f7f7', metalness: 0, roughness: 0.22 },
      black: { color: '#151515', metalness: 0, roughness: 0.28 },
    });
    const silicone = b.material('silicone', {
      white: { color: '#dcdcdc', metalness: 0, roughness: 0.6 },
      black: { color: '#2a2a2a', metalness: 0, roughness: 0.6 },
    });
    const hinge = b.material('hinge', { color: '#b7babd', metalness: 1, roughness: 0.3 });
    const light = b.material('status-light', { color: '#3ddc84', metalness: 0, roughness: 0.3, emissive: '#2fbf6a' });
    // One pill-shaped shell cut where the lid meets the base, so the seam is a thin line.
    const base = clampY(roundedBox(0.062, 0.05, 0.025, 0.0115, 5).translate(0, 0.025, 0), -1, lidSeam - 0.0003);
    const led = sphere(0.0011, [0, 0.024, 0.0125], [1, 1, 0.4], 10, 6);
    b.part('case', [[base, plastic], [led, light]]);
    const lid = clampY(roundedBox(0.062, 0.05, 0.025, 0.0115, 5).translate(0, 0.025, 0), lidSeam + 0.0003, 1);
    const hingeBar = place(cylinder(0.0012, 0.0012, 0.018, 12), [0, lidSeam, -0.0124], [0, 0, Math.PI / 2]);
    b.part('lid', [[lid, plastic], [hingeBar, hinge]]);
    for (const [name, side] of [['bud-left', 1], ['bud-right', -1]] as const) {
      const { shell, tip } = bud(side);
      b.part(name, [[shell, plastic], [tip, silicone]]);
    }
  },
  alt: {
    ja: '充電ケースの前に2つのイヤホンを並べたワイヤレスイヤホン。',
    en: 'Wireless earbuds standing in front of their pill-shaped charging case.',
  },
  hotspots: [
    {
      id: 'anc', position: [0.02, 0.0235, 0.0395], normal: [0, 0, 1],
      title: { ja: 'ノイズキャンセリング', en: 'Noise cancelling' },
      text: { ja: '周りの音を抑えて、音楽に集中できます。', en: 'Quiets the world around you so the music comes through.' },
    },
    {
      id: 'battery', position: [0.006, 0.024, 0.0125], normal: [0, 0, 1],
      title: { ja: '最大28時間', en: 'Up to 28 hours' },
      text: { ja: 'ケースでの充電込みで最大28時間再生。', en: 'Up to 28 hours of play with the charging case.' },
    },
  ],
  parts: [
    { node: 'lid', offset: [0, 0.03, 0] },
    { node: 'bud-left', offset: [0.02, 0.01, 0.03] },
    { node: 'bud-right', offset: [-0.02, 0.01, 0.03] },
  ],
  view: [0.3, 0.45, 1],
};
