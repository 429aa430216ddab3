// Round acetate glasses: thick round rims with a keyhole bridge, clear lenses, flat acetate temples
// with metal hinge pins. Origin at the nose bridge; the wearer's left is +X.
import type { ProductModel } from '../lib/model';
import { cylinder, ellipse, extrude, place, roundedBox, tube, type P3 } from '../lib/shapes';

const lensRadius = 0.0215;
const lensCentreX = 0.0325;
const rimWidth = 0.0045;
const frontDepth = 0.0042;

export const roundGlasses: ProductModel = {
  productId: 'round-glasses',
  build(b) {
    const acetate = b.material('frame', {
      tortoise: { color: '#6e3f1c', metalness: 0, roughness: 0.22 },
      black: { color: '#1d1d1d', metalness: 0, roughness: 0.2 },
      clear: { color: '#d8dde3', metalness: 0, roughness: 0.1, opacity: 0.55 },
    });
    const glass = b.material('lens', { color: '#e9f1f7', metalness: 0.1, roughness: 0.03, opacity: 0.22 });
    const pin = b.material('hinge', { color: '#c7c9cc', metalness: 1, roughness: 0.25 });

    const rims = [1, -1].map((s) =>
      place(extrude(ellipse(lensRadius + rimWidth, lensRadius + rimWidth, 64), frontDepth - 0.0012, 0.0006, [ellipse(lensRadius, lensRadius, 64).reverse()], 32), [s * lensCentreX, 0, -frontDepth / 2]),
    );
    // The keyhole bridge arches over the nose between the rims.
    const bridge = tube([[-0.0118, 0.004, 0], [-0.0075, 0.0098, 0.0004], [0, 0.0122, 0.0006], [0.0075, 0.0098, 0.0004], [0.0118, 0.004, 0]], 0.0019, 32, 10);
    const padRidges = [1, -1].map((s) => tube([[s * 0.0115, -0.002, -0.001], [s * 0.0128, -0.01, -0.004], [s * 0.0145, -0.017, -0.005]], 0.0016, 16, 8));
    const endPieces = [1, -1].map((s) => place(roundedBox(0.008, 0.008, 0.009, 0.002), [s * 0.0595, 0.004, -0.004]));
    b.part('frame', [[[...rims, bridge, ...padRidges, ...endPieces], acetate], [[1, -1].map((s) => place(cylinder(0.0009, 0.0009, 0.0095, 10), [s * 0.0605, 0.004, -0.0085])), pin]]);
    b.part('lens-left', [[place(extrude(ellipse(lensRadius + 0.0006, lensRadius + 0.0006, 64), 0.0012, 0, [], 32), [lensCentreX, 0, -0.0006]), glass]]);
    b.part('lens-right', [[place(extrude(ellipse(lensRadius + 0.0006, lensRadius + 0.0006, 64), 0.0012, 0, [], 32), [-lensCentreX, 0, -0.0006]), glass]]);
    for (const [name, s] of [['temple-left', 1], ['temple-right', -1]] as const) {
      const path: P3[] = [[s * 0.0615, 0.004, -0.009], [s * 0.0655, 0.0035, -0.05], [s * 0.068, 0.002, -0.1], [s * 0.0675, -0.006, -0.125], [s * 0.064, -0.02, -0.138]];
      const arm = tube(path, (t) => 0.0021 - 0.0007 * t, 64, 10);
      // Acetate temples are flat bars, not round wire: squash the tube across its width.
      const p = arm.getAttribute('position');
      for (let i = 0; i < p.count; i++) p.setX(i, s * (Math.abs(p.getX(i)) - (Math.abs(p.getX(i)) - 0.0655) * 0.55));
      arm.computeVertexNormals();
      b.part(name, [[arm, acetate]]);
    }
  },
  alt: {
    ja: '丸いアセテートフレームとクリアレンズのラウンド眼鏡。',
    en: 'Round glasses: round acetate frames with clear blue-light lenses and a keyhole bridge.',
  },
  hotspots: [
    {
      id: 'lenses', position: [0.034, -0.006, 0.0008], normal: [0, 0, 1],
      title: { ja: 'ブルーライトカット', en: 'Blue-light lenses' },
      text: { ja: 'ブルーライトを抑えるクリアレンズ付き。画面を見る時間が長い日にも。', en: 'Clear lenses that filter blue light, for long days at a screen.' },
    },
    {
      id: 'frame', position: [-0.055, 0.018, 0.0021], normal: [-0.3, 0.3, 1],
      title: { ja: 'アセテートフレーム', en: 'Acetate frame' },
      text: { ja: '手になじむアセテートの丸いフレーム。', en: 'A round frame cut from warm, smooth acetate.' },
    },
    {
      id: 'bridge', position: [0, 0.0141, 0.0006], normal: [0, 1, 0.3],
      title: { ja: 'キーホールブリッジ', en: 'Keyhole bridge' },
      text: { ja: '鼻に沿うキーホール型のブリッジで、ずれにくいかけ心地。', en: 'A keyhole bridge that follows the nose so the frame stays put.' },
    },
  ],
  parts: [
    { node: 'temple-left', offset: [0.03, 0, -0.01] },
    { node: 'temple-right', offset: [-0.03, 0, -0.01] },
    { node: 'lens-left', offset: [0.008, 0, 0.03] },
    { node: 'lens-right', offset: [-0.008, 0, 0.03] },
  ],
  anchorWidth: 0.136,
  view: [0.55, 0.25, 1],
};
