// A lipstick with its cap set beside it: a metal case with a shade band, the inner sleeve, the matte
// bullet cut at a slant, and the cap. Origin at the centre of the case's base; up is +Y.
import type { BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';
import { cylinder, lathe, place } from '../lib/shapes';

/** Flattens every vertex above a slanted plane onto it: the bullet's angled tip. */
function slantTop(geometry: BufferGeometry, topY: number, slope: number, radius: number): BufferGeometry {
  const p = geometry.getAttribute('position');
  for (let i = 0; i < p.count; i++) {
    const plane = topY - slope * (p.getX(i) + radius);
    if (p.getY(i) > plane) p.setY(i, plane);
  }
  geometry.computeVertexNormals();
  return geometry;
}

export const velvetLipstick: ProductModel = {
  productId: 'velvet-lipstick',
  build(b) {
    const gold = b.material('case', { color: '#caa55a', metalness: 1, roughness: 0.25 });
    const shade = b.material('shade', {
      ruby: { color: '#9b111e', metalness: 0, roughness: 0.55 },
      coral: { color: '#e8675c', metalness: 0, roughness: 0.55 },
      rose: { color: '#c0626f', metalness: 0, roughness: 0.55 },
      nude: { color: '#c48f7a', metalness: 0, roughness: 0.55 },
    });
    const band = b.material('band', {
      ruby: { color: '#7d0e18', metalness: 0.3, roughness: 0.35 },
      coral: { color: '#c9574d', metalness: 0.3, roughness: 0.35 },
      rose: { color: '#a5535f', metalness: 0.3, roughness: 0.35 },
      nude: { color: '#a87868', metalness: 0.3, roughness: 0.35 },
    });
    const caseBody = lathe([[0, 0], [0.0092, 0], [0.0097, 0.0008], [0.0097, 0.046], [0.0093, 0.0466], [0.0093, 0.048], [0, 0.048]], 48);
    const shadeBand = lathe([[0.0098, 0.008], [0.0099, 0.0085], [0.0099, 0.0135], [0.0098, 0.014]], 48);
    const sleeve = lathe([[0.0078, 0.048], [0.0078, 0.061], [0.0072, 0.0615], [0.0068, 0.0615]], 48);
    b.part('case', [[[caseBody, sleeve], gold], [shadeBand, band]]);
    const bulletBody = cylinder(0.0064, 0.0064, 0.024, 40, false);
    bulletBody.translate(0, 0.0615 + 0.012 - 0.002, 0);
    const bullet = slantTop(bulletBody, 0.0835, 0.55, 0.0064);
    b.part('bullet', [[bullet, shade]]);
    const capShell = lathe([[0, 0], [0.0097, 0], [0.0101, 0.0008], [0.0101, 0.0455], [0.0097, 0.0462], [0, 0.0462]], 48);
    const capBand = lathe([[0.0102, 0.002], [0.0103, 0.0025], [0.0103, 0.0045], [0.0102, 0.005]], 48);
    b.part('cap', [[place(capShell, [0.026, 0, -0.004]), gold], [place(capBand, [0.026, 0, -0.004]), band]]);
  },
  alt: {
    ja: 'ゴールドのケースに斜めカットのマットな口紅。キャップを横に置いた状態。',
    en: 'A matte lipstick with a slanted bullet in a gold case, its cap standing beside it.',
  },
  hotspots: [
    {
      id: 'matte', position: [0.0064, 0.072, 0], normal: [1, 0.2, 0],
      title: { ja: 'ベルベットマット', en: 'Velvet matte' },
      text: { ja: 'なめらかなマット仕上げ。うるおいが続き、にじみにくい処方です。', en: 'A smooth matte finish that stays moist and does not feather.' },
    },
    {
      id: 'shade', position: [0, 0.011, 0.0099], normal: [0, 0, 1],
      title: { ja: 'シェード', en: 'Shade' },
      text: { ja: 'ケースの帯の色で、中のシェードがひと目でわかります。', en: 'The band on the case shows the shade inside at a glance.' },
    },
  ],
  parts: [
    { node: 'cap', offset: [0.02, 0, 0] },
    { node: 'bullet', offset: [0, 0.025, 0] },
  ],
  anchorWidth: 0.0128,
  view: [0.3, 0.35, 1],
};
