// Aviator sunglasses: teardrop lenses in a thin metal rim, a double bridge, nose pads on wire arms,
// and cable temples with acetate tips. Origin at the nose bridge; the wearer's left is +X.
import type { ProductModel } from '../lib/model';
import { extrude, place, sphere, tube, type P2, type P3 } from '../lib/shapes';
import { CatmullRomCurve3, Vector3, type BufferGeometry } from 'three';

/** Control points of the left (+X) lens outline in millimetres around its centre; -x is the nose side. */
const lensControl: P2[] = [
  [-22, 18], [-8, 21], [8, 22], [22, 19], [28, 11], [29, 0], [25, -12], [15, -22], [2, -28], [-10, -28], [-19, -22], [-24, -10], [-25, 5],
];
/** The smooth outline through the control points. */
const lensOutline: P2[] = new CatmullRomCurve3(lensControl.map(([x, y]) => new Vector3(x, y, 0)), true, 'centripetal')
  .getSpacedPoints(72)
  .slice(0, 72)
  .map((p) => [p.x, p.y] as P2);
const lensCentreX = 0.0335;
const lensCentreY = -0.006;
/** Radius of the lens's base curve: the front is a sphere cap, not flat. */
const baseCurve = 0.09;

function bend(x: number, y: number, side: 1 | -1): P3 {
  const lx = side * (lensCentreX + x);
  const ly = lensCentreY + y;
  // Curve each lens about its own centre, then wrap the front so the outer ends sit further back.
  const z = -(x * x + y * y) / (2 * baseCurve) - 0.06 * (lensCentreX + x) ** 2;
  return [lx, ly, z];
}

function rimPoints(side: 1 | -1, scale = 1): P3[] {
  return lensOutline.map(([x, y]) => bend((x / 1000) * scale, (y / 1000) * scale, side));
}

function lens(side: 1 | -1): BufferGeometry {
  const outline = lensOutline.map(([x, y]) => [x / 1000, y / 1000] as P2);
  const g = extrude(outline, 0.0012, 0, [], 12);
  const p = g.getAttribute('position');
  for (let i = 0; i < p.count; i++) {
    const [x, y, z] = bend(p.getX(i), p.getY(i), side);
    p.setXYZ(i, x, y, z + p.getZ(i) - 0.0006);
  }
  if (side === -1) {
    // Mirroring in x turns the faces inside out: swap winding back.
    const index = g.index;
    if (index) for (let i = 0; i < index.count; i += 3) { const b = index.getX(i + 1); index.setX(i + 1, index.getX(i + 2)); index.setX(i + 2, b); }
    else {
      for (let i = 0; i < p.count; i += 3) {
        const bx = p.getX(i + 1), by = p.getY(i + 1), bz = p.getZ(i + 1);
        p.setXYZ(i + 1, p.getX(i + 2), p.getY(i + 2), p.getZ(i + 2));
        p.setXYZ(i + 2, bx, by, bz);
      }
    }
  }
  g.deleteAttribute('normal');
  g.computeVertexNormals();
  return g;
}

function temple(side: 1 | -1): { arm: BufferGeometry; tip: BufferGeometry } {
  const s = side;
  const arm = tube([[s * 0.0655, 0.0105, -0.009], [s * 0.068, 0.0102, -0.04], [s * 0.07, 0.0095, -0.085], [s * 0.07, 0.007, -0.105]], 0.0011, 48, 8);
  const tip = tube([[s * 0.07, 0.007, -0.103], [s * 0.0705, 0.003, -0.118], [s * 0.069, -0.008, -0.132], [s * 0.066, -0.024, -0.142]], 0.0021, 32, 10);
  return { arm, tip };
}

export const aviatorSunglasses: ProductModel = {
  productId: 'aviator-sunglasses',
  build(b) {
    const metal = b.material('frame', {
      gold: { color: '#d4b060', metalness: 1, roughness: 0.22 },
      silver: { color: '#d0d4da', metalness: 1, roughness: 0.18 },
      black: { color: '#222222', metalness: 0.7, roughness: 0.32 },
    });
    const lensTint = b.material('lens', {
      gold: { color: '#2f4a2c', metalness: 0.2, roughness: 0.05, opacity: 0.82 },
      silver: { color: '#44546a', metalness: 0.5, roughness: 0.04, opacity: 0.8 },
      black: { color: '#1c1c1e', metalness: 0.2, roughness: 0.05, opacity: 0.85 },
    });
    const acetate = b.material('temple-tip', { color: '#1a1a1a', metalness: 0, roughness: 0.35 });
    const pad = b.material('nose-pad', { color: '#e8eef0', metalness: 0, roughness: 0.2, opacity: 0.6 });

    const rims = [1, -1].map((side) => tube(rimPoints(side as 1 | -1, 1.02), 0.001, 120, 8, true));
    const browBar = tube([[-0.05, 0.0162, -0.004], [-0.02, 0.0172, -0.0008], [0, 0.0175, 0], [0.02, 0.0172, -0.0008], [0.05, 0.0162, -0.004]], 0.00085, 48, 8);
    const bridge = tube([[-0.0085, 0.005, -0.0012], [-0.004, 0.0085, -0.0002], [0, 0.0095, 0], [0.004, 0.0085, -0.0002], [0.0085, 0.005, -0.0012]], 0.0009, 24, 8);
    const padArms = [1, -1].map((s) => tube([[s * 0.0092, -0.002, -0.0015], [s * 0.0085, -0.007, -0.006], [s * 0.0095, -0.0115, -0.0085]], 0.00045, 16, 6));
    const endPieces = [1, -1].map((s) => tube([[s * 0.0615, 0.0125, -0.0045], [s * 0.0648, 0.0112, -0.0068], [s * 0.0658, 0.0105, -0.0095]], 0.0014, 12, 8));
    const pads = [1, -1].map((s) => place(sphere(0.0045, [0, 0, 0], [0.35, 1, 0.7], 12, 8), [s * 0.0098, -0.0128, -0.0095], [0, s * 0.5, 0]));

    b.part('frame', [[[...rims, browBar, bridge, ...padArms, ...endPieces], metal], [pads, pad]]);
    b.part('lens-left', [[lens(1), lensTint]]);
    b.part('lens-right', [[lens(-1), lensTint]]);
    const left = temple(1);
    const right = temple(-1);
    b.part('temple-left', [[left.arm, metal], [left.tip, acetate]]);
    b.part('temple-right', [[right.arm, metal], [right.tip, acetate]]);
  },
  alt: {
    ja: '金属フレームとティアドロップ型レンズのアビエーター サングラス。',
    en: 'Aviator sunglasses: a thin metal frame with teardrop lenses, a double bridge and cable temples.',
  },
  hotspots: [
    {
      id: 'lenses', position: [0.045, -0.012, 0.0005], normal: [0.15, 0, 1],
      title: { ja: 'UVカットレンズ', en: 'UV-blocking lenses' },
      text: { ja: '紫外線をカットするティアドロップ型レンズ。どんな顔にもなじむ定番の形です。', en: 'Teardrop lenses that block UV light: the classic shape that suits every face.' },
    },
    {
      id: 'frame', position: [0, 0.0175, 0.0009], normal: [0, 0.4, 1],
      title: { ja: '軽量メタルフレーム', en: 'Light metal frame' },
      text: { ja: '細い金属のダブルブリッジで、長時間かけても軽いつけ心地。', en: 'A thin metal double bridge that stays light through a long day.' },
    },
    {
      id: 'temples', position: [0.07, 0.0095, -0.07], normal: [1, 0, 0],
      title: { ja: 'テンプル', en: 'Temples' },
      text: { ja: '先端にアセテートのモダンを付けたテンプルが耳にやさしくフィット。', en: 'Temples with acetate tips that rest gently behind the ears.' },
    },
  ],
  parts: [
    { node: 'temple-left', offset: [0.03, 0, -0.01] },
    { node: 'temple-right', offset: [-0.03, 0, -0.01] },
    { node: 'lens-left', offset: [0.01, 0, 0.03] },
    { node: 'lens-right', offset: [-0.01, 0, 0.03] },
  ],
  anchorWidth: 0.14,
  view: [0.55, 0.25, 1],
};
