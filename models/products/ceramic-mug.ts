// A 350 ml Mino ware mug: a thrown body with walls and a rounded rim, glazed inside and out down to an
// unglazed foot ring, and a loop handle. Origin at the centre of the foot; the handle is at +X.
import type { ProductModel } from '../lib/model';
import { lathe, tube } from '../lib/shapes';

export const ceramicMug: ProductModel = {
  productId: 'ceramic-mug',
  build(b) {
    const glaze = b.material('glaze', {
      indigo: { color: '#2e3f6e', metalness: 0, roughness: 0.18 },
      white: { color: '#f2efe8', metalness: 0, roughness: 0.22 },
      celadon: { color: '#9fc5b0', metalness: 0, roughness: 0.16 },
    });
    const clay = b.material('clay', { color: '#b89a7a', metalness: 0, roughness: 0.92 });
    // One profile from the outside of the foot, up and over the rim, down the inside to the centre.
    const glazed = lathe([
      [0.0425, 0.007], [0.0445, 0.016], [0.0455, 0.04], [0.046, 0.07], [0.0462, 0.094], [0.0455, 0.0975], [0.0443, 0.098], [0.0432, 0.0965],
      [0.0428, 0.09], [0.0424, 0.06], [0.0414, 0.03], [0.039, 0.012], [0.034, 0.008], [0.02, 0.0072], [0.0001, 0.007],
    ], 72);
    const foot = lathe([[0.0001, 0.0008], [0.03, 0.0008], [0.034, 0], [0.039, 0], [0.0415, 0.0025], [0.0426, 0.0075]], 72);
    // The inner ring of the foot, the underside's unglazed bottom.
    const handle = tube([[0.043, 0.08], [0.06, 0.082], [0.074, 0.074], [0.078, 0.055], [0.072, 0.036], [0.058, 0.027], [0.0435, 0.028]].map(([x, y]) => [x!, y!, 0] as [number, number, number]), 0.0052, 64, 12);
    handle.scale(1, 1, 1.35);
    b.part('mug', [[[glazed, handle], glaze], [foot, clay]]);
  },
  alt: {
    ja: '手作業で釉薬をかけた350mlの美濃焼マグカップ。',
    en: 'A hand-glazed 350 ml Mino ware mug with a loop handle and an unglazed foot.',
  },
  hotspots: [
    {
      id: 'glaze', position: [0, 0.06, 0.046], normal: [0, 0, 1],
      title: { ja: '手作業の釉薬', en: 'Hand glazed' },
      text: { ja: '職人がひとつずつ釉薬をかけるので、色の出方が少しずつ違います。', en: 'Glazed one at a time by hand, so every mug is slightly different.' },
    },
    {
      id: 'mino', position: [0.0402, 0.002, 0.012], normal: [0.6, -0.2, 0.7],
      title: { ja: '美濃焼', en: 'Mino ware' },
      text: { ja: '岐阜県の美濃焼。高台は釉薬をかけずに土の風合いを残しています。', en: 'Mino ware from Gifu, its foot left unglazed to show the clay.' },
    },
    {
      id: 'capacity', position: [0, 0.097, 0.044], normal: [0, 1, 0.2],
      title: { ja: '容量350ml', en: '350 ml' },
      text: { ja: 'たっぷり350ml入ります。', en: 'Holds a generous 350 ml.' },
    },
  ],
  parts: [],
  view: [0.35, 0.4, 1],
};
