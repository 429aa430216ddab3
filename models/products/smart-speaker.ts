// A smart speaker: a rounded cylinder wrapped in knit fabric (fine ribs), a top with a light ring,
// volume marks and microphone holes, on a rubber foot. Origin at the centre of the base.
import type { ProductModel } from '../lib/model';
import { cylinder, lathe, place, roundedBox, torus, type P2 } from '../lib/shapes';

const radius = 0.05;
const height = 0.15;

/** The fabric's side: a rounded cylinder whose radius ripples a little for the knit's ribs. */
function fabricProfile(): P2[] {
  const points: P2[] = [[0.0001, 0.004], [0.03, 0.004], [0.042, 0.0055], [0.047, 0.009]];
  const ribs = 70;
  for (let k = 0; k <= ribs * 2; k++) {
    const y = 0.014 + ((height - 0.028) * k) / (ribs * 2);
    points.push([radius - (k % 2 === 0 ? 0 : 0.00035), y]);
  }
  points.push([0.048, height - 0.006], [0.045, height - 0.0025], [0.04, height - 0.0015]);
  return points;
}

export const smartSpeaker: ProductModel = {
  productId: 'smart-speaker',
  build(b) {
    const fabric = b.material('fabric', {
      charcoal: { color: '#3a3a3a', metalness: 0, roughness: 1 },
      sand: { color: '#d9cbb1', metalness: 0, roughness: 1 },
    });
    const top = b.material('top', {
      charcoal: { color: '#2a2a2b', metalness: 0, roughness: 0.35 },
      sand: { color: '#e6dccb', metalness: 0, roughness: 0.4 },
    });
    const marks = b.material('controls', {
      charcoal: { color: '#8d8d8f', metalness: 0, roughness: 0.5 },
      sand: { color: '#8f846f', metalness: 0, roughness: 0.5 },
    });
    const glow = b.material('light-ring', { color: '#d9ecff', metalness: 0, roughness: 0.3, emissive: '#6fb6ff' });
    const rubber = b.material('foot', { color: '#1c1c1c', metalness: 0, roughness: 0.9 });
    b.part('body', [[lathe(fabricProfile(), 72), fabric]]);
    const cap = lathe([[0.0406, height - 0.0016], [0.039, height - 0.0004], [0.03, height], [0.0001, height]], 72);
    const ring = place(torus(0.031, 0.0011, 6, 96), [0, height + 0.0002, 0], [Math.PI / 2, 0, 0]);
    const plus = [roundedBox(0.008, 0.0006, 0.0014, 0.0003, 1), roundedBox(0.0014, 0.0006, 0.008, 0.0003, 1)].map((g) => g.translate(0.016, height + 0.0002, 0));
    const minus = roundedBox(0.008, 0.0006, 0.0014, 0.0003, 1).translate(-0.016, height + 0.0002, 0);
    const mics = [0, 1, 2, 3].map((i) => cylinder(0.0007, 0.0007, 0.0005, 8).translate(Math.cos(i * Math.PI / 2 + Math.PI / 4) * 0.022, height + 0.0001, Math.sin(i * Math.PI / 2 + Math.PI / 4) * 0.022));
    b.part('top', [[cap, top], [[...plus, minus, ...mics], marks], [ring, glow]]);
    b.part('foot', [[lathe([[0.0001, 0], [0.038, 0], [0.04, 0.002], [0.04, 0.0045]], 72), rubber]]);
  },
  alt: {
    ja: 'ファブリックで包んだ円筒形のスマートスピーカー。上面にライトリングと音量ボタン。',
    en: 'A cylindrical smart speaker wrapped in fabric, with a light ring and volume controls on top.',
  },
  hotspots: [
    {
      id: 'sound', position: [0, 0.08, radius], normal: [0, 0, 1],
      title: { ja: '360度サウンド', en: '360° sound' },
      text: { ja: '全方向に広がる音で部屋を満たします。', en: 'Sound that spreads all round to fill the room.' },
    },
    {
      id: 'fabric', position: [radius * 0.7, 0.03, radius * 0.7], normal: [0.7, 0, 0.7],
      title: { ja: 'ファブリック仕上げ', en: 'Fabric finish' },
      text: { ja: 'やわらかなニットのファブリックが部屋になじみます。', en: 'A soft knit fabric that sits quietly in any room.' },
    },
    {
      id: 'controls', position: [0.016, height + 0.0006, 0], normal: [0, 1, 0],
      title: { ja: 'タッチ操作', en: 'Touch controls' },
      text: { ja: '上面に触れて音量を調整。ライトリングが状態を知らせます。', en: 'Touch the top to set the volume; the light ring shows what it is doing.' },
    },
  ],
  parts: [
    { node: 'top', offset: [0, 0.04, 0] },
    { node: 'foot', offset: [0, -0.03, 0] },
  ],
  view: [0.3, 0.55, 1],
};
