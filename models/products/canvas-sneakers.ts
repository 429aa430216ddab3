// One low-top canvas sneaker (size 26): a natural rubber sole with a toe cap and a foxing line, a
// canvas upper with its collar opening, eyelets and straight laces. Origin under the middle of the
// sole on the ground, the toe towards +Z.
import { Vector3, type BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';
import { extrude, place, surface, torus, tube, type P2, type P3 } from '../lib/shapes';

const length = 0.27;
const soleHeight = 0.024;

const heelRadius = 0.031;
const toeRadius = 0.04;

/** Half the foot's width at u ∈ [0, 1] from the heel to the toe: round caps at both ends in plan. */
function halfWidth(u: number): number {
  const along = u * length;
  if (along < heelRadius) return heelRadius * Math.sqrt(Math.max(0, 1 - ((heelRadius - along) / heelRadius) ** 2));
  const toeCentre = length - toeRadius;
  if (along > toeCentre) return toeRadius * Math.sqrt(Math.max(0, 1 - ((along - toeCentre) / toeRadius) ** 2));
  // Between the caps: narrow at the waist, widest across the ball of the foot, easing into the toe.
  const t = (along - heelRadius) / (toeCentre - heelRadius);
  const ball = Math.exp(-(((t - 0.78) / 0.3) ** 2));
  return heelRadius + (toeRadius - heelRadius) * t + 0.008 * ball - 0.003 * Math.exp(-(((t - 0.35) / 0.15) ** 2));
}
const zAt = (u: number) => (u - 0.5) * length;

/** The footprint outline in (x, z), counter-clockwise seen from above. */
function footprint(inset = 0): P2[] {
  const n = 48;
  const right = Array.from({ length: n + 1 }, (_, k) => [halfWidth(k / n) - inset, zAt(k / n)] as P2);
  const left = right.slice(1, -1).reverse().map(([x, z]) => [-x, z] as P2);
  return [...right, ...left].map(([x, z]) => [x, -z] as P2);
}

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** Height of the upper's crest above the ground along its length (over the opening: where it would close). */
const topHeight = (u: number) => 0.096 - 0.058 * smoothstep(0.45, 1.02, u) ** 1.15;
/** The opening runs from the heel to here; the tongue and laces start in front of it. */
const openingEnd = 0.47;
/** The rim of the opening: up at the heel counter, down under the ankles, up again to the tongue. */
const collarHeight = (u: number) => 0.057 + 0.026 * Math.max(0, 1 - u / 0.22) ** 2 + 0.036 * smoothstep(0.3, openingEnd, u) ** 1.5;

function upperPoint(u: number, v: number, grow = 0): P3 {
  // v runs from the outer side's foot (0) over the crest (0.5) to the inner side's foot (1).
  const a = (v - 0.5) * Math.PI;
  const w = halfWidth(u) * 0.97 + grow;
  const h = topHeight(u) - soleHeight + 0.004 + grow;
  const c = Math.cos(a);
  // A superelliptic section: near-vertical sides, a rounded crest.
  return [w * Math.sign(Math.sin(a)) * Math.abs(Math.sin(a)) ** 0.75, soleHeight - 0.004 + h * c ** 0.55, zAt(u)];
}

const uStart = 0.012;
const uSpan = 0.976;
const isOpening = (u: number, v: number) => u < openingEnd && upperPoint(u, v)[1] > collarHeight(u);

function upper(): BufferGeometry {
  return surface((u, v) => upperPoint(uStart + u * uSpan, v), 110, 64, (u, v) => !isOpening(uStart + u * uSpan, v));
}

/** Where the side at u meets the collar: the v of the rim on the outer side (bisection). */
function rimV(u: number): number {
  let lo = 0, hi = 0.5;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (upperPoint(u, mid)[1] > collarHeight(u)) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** The padded collar round the opening. */
function collar(): BufferGeometry {
  const points: P3[] = [];
  const n = 24;
  for (let k = 0; k <= n; k++) { const u = openingEnd - 0.004 - (k / n) * (openingEnd - 0.03); points.push(upperPoint(u, rimV(u), 0.001)); }
  for (let k = n; k >= 0; k--) { const u = openingEnd - 0.004 - (k / n) * (openingEnd - 0.03); points.push(upperPoint(u, 1 - rimV(u), 0.001)); }
  return tube(points, 0.0032, 160, 8, true);
}

export const canvasSneakers: ProductModel = {
  productId: 'canvas-sneakers',
  build(b) {
    const canvas = b.material('canvas', {
      white: { color: '#f7f6f2', metalness: 0, roughness: 0.95, doubleSided: true },
      black: { color: '#1e1e1e', metalness: 0, roughness: 0.95, doubleSided: true },
    });
    const rubber = b.material('rubber', { color: '#ece4cf', metalness: 0, roughness: 0.75 });
    const foxing = b.material('foxing', { color: '#2b2f3a', metalness: 0, roughness: 0.7 });
    const lace = b.material('laces', {
      white: { color: '#e4e1d9', metalness: 0, roughness: 0.9 },
      black: { color: '#f4f2ec', metalness: 0, roughness: 0.9 },
    });
    const eyelet = b.material('eyelets', { color: '#c9ccd0', metalness: 1, roughness: 0.3 });

    // The sole: the footprint extruded up, with a toe cap over the front of the upper.
    const sole = place(extrude(footprint(), soleHeight - 0.003, 0.003, [], 8), [0, 0.003, 0], [-Math.PI / 2, 0, 0]);
    const toeCap = surface((u, v) => {
      const uu = 0.86 + u * 0.135;
      const p = upperPoint(uu, v, 0.0018);
      return [p[0], Math.min(p[1], soleHeight + 0.018 * (1 - (2 * v - 1) ** 2)), p[2]];
    }, 16, 32);
    const foxLine = tube(footprint(-0.0032).filter((_, i) => i % 2 === 0).map(([x, z]) => [x, soleHeight - 0.008, -z] as P3), 0.0011, 160, 5, true);
    b.part('sole', [[[sole, toeCap], rubber], [foxLine, foxing]]);

    // The tongue shows in the opening's front, the heel stripe down the back.
    const tongue = surface((u, v) => {
      const uu = openingEnd - 0.09 + u * 0.12;
      const p = upperPoint(uu, 0.36 + v * 0.28, -0.003);
      return [p[0], Math.min(p[1] + 0.004, collarHeight(0) + 0.01 + (uu - openingEnd) * 0.1), p[2]];
    }, 12, 12);
    const heelStripe = surface((u, v) => upperPoint(uStart + 0.004 + u * 0.03, 0.47 + v * 0.06, 0.0008), 6, 4, (u) => upperPoint(uStart + 0.004 + u * 0.03, 0.5)[1] < collarHeight(0));
    b.part('upper', [[[upper(), tongue], canvas], [collar(), canvas], [heelStripe, foxing]]);

    // Five pairs of eyelets along the vamp with straight bars of lace between them.
    const eyeletPairs = [0.5, 0.545, 0.59, 0.635, 0.68].map((u) => [upperPoint(u, 0.39, 0.0008), upperPoint(u, 0.61, 0.0008)] as const);
    const rings = eyeletPairs.flatMap((pair) => pair.map((p) => {
      const g = torus(0.0028, 0.0009, 6, 16);
      g.lookAt(new Vector3(p[0] * 3, p[1] * 3 + 0.2, p[2] * 3));
      return place(g, p);
    }));
    const bars = eyeletPairs.map(([l, r]) => {
      const mid = upperPoint(l[2] / length + 0.5, 0.5, 0.0035);
      return tube([l, [(l[0] + mid[0]) / 2, (l[1] + mid[1]) / 2 + 0.002, l[2]], mid, [(r[0] + mid[0]) / 2, (r[1] + mid[1]) / 2 + 0.002, r[2]], r], 0.0013, 24, 6);
    });
    const bowStart = upperPoint(0.5, 0.5, 0.004);
    const loops = [-1, 1].map((s) => tube([bowStart, [s * 0.012, bowStart[1] + 0.004, bowStart[2] + 0.004], [s * 0.022, bowStart[1] + 0.002, bowStart[2] - 0.004], [s * 0.01, bowStart[1] + 0.001, bowStart[2] - 0.006], bowStart], 0.0012, 32, 6));
    const ends = [-1, 1].map((s) => tube([bowStart, [s * 0.01, bowStart[1] - 0.004, bowStart[2] - 0.01], [s * 0.03, bowStart[1] - 0.025, bowStart[2] - 0.02]], 0.0012, 24, 6));
    b.part('laces', [[[...bars, ...loops, ...ends], lace], [rings, eyelet]]);
  },
  alt: {
    ja: '白い天然ゴムのソールにキャンバスのアッパーを合わせたローカット スニーカー。',
    en: 'A low-top canvas sneaker on a natural rubber sole, with a toe cap and straight laces.',
  },
  hotspots: [
    {
      id: 'canvas', position: [0.042, 0.055, -0.02], normal: [1, 0.2, 0],
      title: { ja: '軽いキャンバス', en: 'Light canvas' },
      text: { ja: '軽くて通気性のよいキャンバス地のアッパー。', en: 'A light, breathable canvas upper.' },
    },
    {
      id: 'sole', position: [0.045, 0.012, 0.07], normal: [1, 0, 0.2],
      title: { ja: '天然ゴムのソール', en: 'Natural rubber sole' },
      text: { ja: 'しなやかでグリップのよい天然ゴムのソール。', en: 'A flexible natural rubber sole with a good grip.' },
    },
    {
      id: 'laces', position: [0, 0.092, 0.02], normal: [0, 1, 0.3],
      title: { ja: 'ローカット', en: 'Low-top' },
      text: { ja: 'くるぶしが出るローカット。5つのハトメでしっかり結べます。', en: 'A low top that clears the ankle, laced through five eyelets.' },
    },
  ],
  parts: [
    { node: 'upper', offset: [0, 0.03, 0] },
    { node: 'laces', offset: [0, 0.06, 0] },
  ],
  view: [1, 0.55, 0.5],
};
