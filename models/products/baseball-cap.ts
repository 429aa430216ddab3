// A six-panel baseball cap: a domed crown with seams and eyelets, a top button, a curved visor and an
// adjustable strap at the back. Origin at the top of the head where the crown rests; the visor is +Z.
import { Vector3 } from 'three';
import type { ProductModel } from '../lib/model';
import { place, sphere, surface, torus, tube, type P3 } from '../lib/shapes';

/** Half the inner width (x) and depth (z) of the crown at its band, metres. */
const halfWidth = 0.08;
const halfDepth = 0.098;
const domeRadius = 0.095;
const crownTop = 0.003;
const bandY = -0.102;

/** A point on the crown's outer surface at polar angle θ (0 = top) and azimuth φ (0 = front, +Z). */
function crownPoint(theta: number, phi: number, lift = 0): P3 {
  const y = theta <= Math.PI / 2 ? crownTop - domeRadius + (domeRadius + lift) * Math.cos(theta) : crownTop - domeRadius - (theta - Math.PI / 2) * 0.06;
  const r = theta <= Math.PI / 2 ? (domeRadius + lift) * Math.sin(theta) : domeRadius + lift;
  return [(r * Math.sin(phi) * halfWidth) / domeRadius, Math.max(y, bandY), (r * Math.cos(phi) * halfDepth) / domeRadius];
}

export const baseballCap: ProductModel = {
  productId: 'baseball-cap',
  build(b) {
    const twill = b.material('twill', {
      navy: { color: '#1f2a44', metalness: 0, roughness: 0.92, doubleSided: true },
      red: { color: '#b8362a', metalness: 0, roughness: 0.92, doubleSided: true },
      beige: { color: '#d8c3a5', metalness: 0, roughness: 0.95, doubleSided: true },
    });
    const stitching = b.material('stitching', {
      navy: { color: '#17203a', metalness: 0, roughness: 0.85 },
      red: { color: '#9e2c22', metalness: 0, roughness: 0.85 },
      beige: { color: '#c4ad8d', metalness: 0, roughness: 0.9 },
    });
    const buckle = b.material('buckle', { color: '#b9bcc0', metalness: 1, roughness: 0.3 });

    const thetaEnd = Math.PI / 2 + (crownTop - domeRadius - bandY) / 0.06;
    // The back of the crown has an opening above the strap.
    const crown = surface((u, v) => crownPoint(u * thetaEnd, v * Math.PI * 2), 28, 72, (u, v) => !(u > 0.86 && Math.abs(v - 0.5) < 0.07));
    const seams = Array.from({ length: 6 }, (_, i) => {
      const phi = (i / 6) * Math.PI * 2 + Math.PI / 6;
      return tube(Array.from({ length: 12 }, (_, k) => crownPoint(0.04 + (k / 11) * (thetaEnd - 0.06), phi, 0.0009)), 0.0011, 32, 5);
    });
    const eyelets = Array.from({ length: 6 }, (_, i) => {
      const phi = (i / 6) * Math.PI * 2;
      const theta = 0.62;
      const at = crownPoint(theta, phi, 0.0004);
      const g = torus(0.0022, 0.0007, 6, 16);
      // Face each eyelet outwards along the dome's normal.
      g.lookAt(new Vector3(at[0] * 2, (at[1] - (crownTop - domeRadius)) * 2, at[2] * 2));
      return place(g, at);
    });
    const button = place(sphere(0.0065, [0, 0, 0], [1, 0.45, 1], 24, 12), [0, crownTop + 0.0008, 0]);
    b.part('crown', [[crown, twill], [[...seams, ...eyelets, button], stitching]]);

    // Visor: a D shape in plan, from the front half of the band out 7.2 cm forward (+Z), its
    // sides curving down.
    const visorSpan = 1.35;
    const visorPoint = (u: number, v: number, y0 = 0): P3 => {
      const phi = (u - 0.5) * 2 * visorSpan;
      const inner = crownPoint(thetaEnd, phi);
      const across = Math.sin(phi) / Math.sin(visorSpan);
      const reach = 0.072 * Math.sqrt(Math.max(0, 1 - across * across));
      const droop = (0.012 * across * across * (0.2 + v) + 0.008 * v) * (reach / 0.072);
      return [inner[0] + 0.18 * across * reach * v, bandY + 0.004 + y0 - droop, inner[2] + reach * v];
    };
    const visorTop = surface((u, v) => visorPoint(u, v, 0.0018), 40, 10);
    // The underside, a shade darker, gives the visor its thickness against the top.
    const visorUnder = surface((u, v) => visorPoint(u, v, -0.0008), 40, 10);
    const visorEdge = tube(Array.from({ length: 21 }, (_, k) => visorPoint(k / 20, 1, 0.0005)), 0.0014, 60, 6);
    const visorStitches = [0.35, 0.55, 0.75].map((v) => tube(Array.from({ length: 21 }, (_, k) => visorPoint(0.04 + (k / 20) * 0.92, v, 0.0022)), 0.0004, 48, 4));
    b.part('visor', [[[visorTop, visorEdge], twill], [[visorUnder, ...visorStitches], stitching]]);

    const strapPath: P3[] = Array.from({ length: 9 }, (_, k) => {
      const phi = Math.PI + (k / 8 - 0.5) * 0.5;
      return crownPoint(thetaEnd - 0.18, phi, 0.0012);
    });
    const buckleRing = place(torus(0.0045, 0.0009, 6, 20), crownPoint(thetaEnd - 0.18, Math.PI + 0.12, 0.003), [0, 0.12, 0]);
    b.part('strap', [[tube(strapPath, 0.0028, 32, 6), stitching], [buckleRing, buckle]]);
  },
  alt: {
    ja: 'コットンツイルの6パネル ベースボールキャップ。つば付きで後ろにサイズ調整ストラップ。',
    en: 'A six-panel cotton twill baseball cap with a curved visor and an adjustable strap at the back.',
  },
  hotspots: [
    {
      id: 'panels', position: [0.05, -0.03, 0.06], normal: [0.55, 0.4, 0.7],
      title: { ja: '6パネル', en: 'Six panels' },
      text: { ja: 'コットンツイルの6枚はぎ。頭の形に沿って丸くなじみます。', en: 'Six panels of cotton twill that round to the shape of the head.' },
    },
    {
      id: 'visor', position: [0, -0.104, 0.16], normal: [0, 1, 0.3],
      title: { ja: 'カーブバイザー', en: 'Curved visor' },
      text: { ja: 'ステッチで形を保つカーブしたつば。', en: 'A curved, stitched visor that keeps its shape.' },
    },
    {
      id: 'strap', position: [0, -0.086, -0.1], normal: [0, 0, -1],
      title: { ja: 'アジャスター', en: 'Adjustable strap' },
      text: { ja: '後ろのストラップでサイズを調整できます。', en: 'The strap at the back adjusts the fit.' },
    },
  ],
  parts: [
    { node: 'visor', offset: [0, -0.01, 0.05] },
    { node: 'strap', offset: [0, 0, -0.04] },
  ],
  anchorWidth: 0.16,
  view: [1, 0.3, 0.9],
};
