// A packable nylon bucket hat: a flat-topped crown, a band and a downward-sloping brim with rows of
// stitching. Origin at the top of the head where the crown rests; the front is +Z.
import type { ProductModel } from '../lib/model';
import { lathe, place, torus, type P2 } from '../lib/shapes';

/** Heads are longer than wide: the hat is scaled in z by this. */
const depthRatio = 1.12;

/** The hat's cross-section, [radius, height] from the brim's edge up to the centre of the top. */
const profile: P2[] = [
  [0.147, -0.119], [0.144, -0.1165], [0.128, -0.1045], [0.112, -0.092], [0.1, -0.0835], [0.0965, -0.079],
  [0.0945, -0.07], [0.0905, -0.045], [0.086, -0.02], [0.0825, -0.007], [0.079, -0.0015], [0.072, 0.0025], [0.05, 0.0055], [0, 0.0065],
];

/** Height of the profile at radius r on the brim and crown's outside (linear between points). */
function heightAt(r: number): number {
  for (let i = 0; i < profile.length - 1; i++) {
    const [r0, y0] = profile[i]!, [r1, y1] = profile[i + 1]!;
    if ((r <= r0 && r >= r1) || (r >= r0 && r <= r1)) return y0 + ((r - r0) / (r1 - r0 || 1)) * (y1 - y0);
  }
  throw new Error(`radius ${r} is off the profile`);
}

export const bucketHat: ProductModel = {
  productId: 'bucket-hat',
  build(b) {
    const nylon = b.material('nylon', {
      olive: { color: '#6b7446', metalness: 0, roughness: 0.7, doubleSided: true },
      black: { color: '#202020', metalness: 0, roughness: 0.62, doubleSided: true },
    });
    const thread = b.material('stitching', {
      olive: { color: '#5a6239', metalness: 0, roughness: 0.8 },
      black: { color: '#151515', metalness: 0, roughness: 0.8 },
    });
    const shell = lathe(profile, 96).scale(1, 1, depthRatio);
    // Stitch rows around the brim and the top seam: thin rings laid on the surface.
    const rings = [0.138, 0.129, 0.12, 0.111, 0.1025].map((r) => place(torus(r, 0.0007, 4, 96), [0, heightAt(r) + 0.0006, 0], [Math.PI / 2, 0, 0], [1, 1, depthRatio]));
    // The seam where the top panel meets the crown.
    const topSeam = place(torus(0.0805, 0.0008, 4, 96), [0, heightAt(0.0805) + 0.0004, 0], [Math.PI / 2, 0, 0], [1, 1, depthRatio]);
    const band = place(torus(0.0952, 0.0018, 6, 96), [0, -0.074, 0], [Math.PI / 2, 0, 0], [1, 1, depthRatio]);
    b.part('hat', [[shell, nylon], [[...rings, topSeam, band], thread]]);
  },
  alt: {
    ja: '折りたためるナイロンのバケットハット。下向きのつばがぐるりと一周。',
    en: 'A packable nylon bucket hat with a flat top and a downward-sloping brim all around.',
  },
  hotspots: [
    {
      id: 'nylon', position: [0, -0.04, 0.1], normal: [0, 0.1, 1],
      title: { ja: '撥水ナイロン', en: 'Water-repellent nylon' },
      text: { ja: '撥水加工のナイロンで、急な雨でも安心。', en: 'Nylon with a water-repellent finish for sudden showers.' },
    },
    {
      id: 'packable', position: [0, 0.0065, 0], normal: [0, 1, 0],
      title: { ja: '折りたためる', en: 'Packable' },
      text: { ja: '小さく折りたたんでバッグに入れて持ち歩けます。', en: 'Folds small to carry in a bag.' },
    },
    {
      id: 'brim', position: [0.13, -0.106, 0], normal: [0.6, 0.8, 0],
      title: { ja: 'ステッチのつば', en: 'Stitched brim' },
      text: { ja: 'ステッチを重ねたつばが形を保ち、日差しをさえぎります。', en: 'Rows of stitching keep the brim in shape to shade the face.' },
    },
  ],
  parts: [],
  anchorWidth: 0.16,
  view: [0.6, 0.55, 1],
};
