// A 0.9 L pour-over kettle: a lathed body and lid with a wooden knob, a tapering gooseneck spout and a
// looped handle, on an induction-ready base. Origin at the centre of the base; the spout points +X.
import type { ProductModel } from '../lib/model';
import { lathe, sphere, tube } from '../lib/shapes';

export const pourOverKettle: ProductModel = {
  productId: 'pour-over-kettle',
  build(b) {
    const body = b.material('body', {
      'matte-black': { color: '#2b2b2b', metalness: 0.35, roughness: 0.62 },
      copper: { color: '#c27a45', metalness: 1, roughness: 0.28 },
    });
    const steel = b.material('base', { color: '#9ea3a8', metalness: 1, roughness: 0.35 });
    const wood = b.material('wood', { color: '#8a5a35', metalness: 0, roughness: 0.6 });
    const shell = lathe([[0, 0.004], [0.068, 0.004], [0.074, 0.008], [0.078, 0.025], [0.079, 0.05], [0.076, 0.078], [0.069, 0.097], [0.058, 0.11], [0.047, 0.117], [0.0465, 0.121]], 72);
    const spout = tube([[0.062, 0.024, 0], [0.082, 0.028, 0], [0.1, 0.045, 0], [0.112, 0.085, 0], [0.122, 0.128, 0], [0.138, 0.15, 0], [0.158, 0.153, 0], [0.176, 0.145, 0]], (t) => 0.0095 - 0.0058 * t, 80, 14);
    const handle = tube([[-0.07, 0.098, 0], [-0.1, 0.112, 0], [-0.122, 0.1, 0], [-0.127, 0.07, 0], [-0.118, 0.038, 0], [-0.096, 0.026, 0], [-0.075, 0.028, 0]], 0.0068, 64, 12);
    b.part('body', [[[shell, spout, handle], body]]);
    const baseRing = lathe([[0, 0], [0.066, 0], [0.0685, 0.0015], [0.069, 0.0045], [0.0, 0.0045]], 72);
    b.part('base', [[baseRing, steel]]);
    const lidShell = lathe([[0.044, 0.119], [0.0485, 0.1205], [0.048, 0.1235], [0.04, 0.1275], [0.02, 0.1305], [0.0001, 0.131]], 72);
    const knob = [sphere(0.0105, [0, 0.139, 0], [1, 0.72, 1], 28, 14), lathe([[0.005, 0.13], [0.0065, 0.134]], 20)];
    b.part('lid', [[lidShell, body], [knob, wood]]);
  },
  alt: {
    ja: '細いグースネックの注ぎ口とウッドのつまみが付いた0.9Lのドリップケトル。',
    en: 'A 0.9 L pour-over kettle with a slender gooseneck spout, a looped handle and a wooden knob.',
  },
  hotspots: [
    {
      id: 'spout', position: [0.122, 0.128, 0.006], normal: [0.2, 0, 1],
      title: { ja: 'グースネック', en: 'Gooseneck spout' },
      text: { ja: '細い注ぎ口で、湯量を自在にコントロールできます。', en: 'A slender spout for an even, controlled pour.' },
    },
    {
      id: 'capacity', position: [0, 0.06, 0.079], normal: [0, 0, 1],
      title: { ja: '容量0.9L', en: '0.9 litres' },
      text: { ja: 'ドリップ3〜4杯分の0.9L。', en: '0.9 L: enough for three or four pour-overs.' },
    },
    {
      id: 'induction', position: [0, 0.0025, 0.0688], normal: [0, -0.3, 1],
      title: { ja: 'IH対応', en: 'Works on induction' },
      text: { ja: 'IHを含むすべての熱源で使えます。', en: 'Works on every hob, induction included.' },
    },
  ],
  parts: [
    { node: 'lid', offset: [0, 0.05, 0] },
    { node: 'base', offset: [0, -0.03, 0] },
  ],
  view: [0.2, 0.35, 1],
};
