// A sterling silver signet ring: a band that widens into a flat oval face with a fine border, ready
// for engraving. Origin at the centre of the ring, +X along the finger towards its tip, the face at +Y.
import type { ProductModel } from '../lib/model';
import { ellipse, extrude, place, surface, torus } from '../lib/shapes';

/** Inner radius of a Japanese size 11 (about 51.5 mm round). Every size shares this model. */
const innerRadius = 0.0082;
const faceY = innerRadius + 0.0042;

export const signetRing: ProductModel = {
  productId: 'signet-ring',
  build(b) {
    const silver = b.material('silver', { color: '#d2d2d4', metalness: 1, roughness: 0.16 });
    const band = surface((u, v) => {
      // u around the finger (0 = under the face, +Y), v around the band's rounded section.
      const a = u * Math.PI * 2;
      const shoulder = ((1 + Math.cos(a)) / 2) ** 4;
      const halfWidth = 0.0017 + 0.0033 * shoulder;
      const thickness = 0.0013 + 0.0026 * shoulder;
      const s = v * Math.PI * 2;
      // A rounded (superelliptic) section: flat inside against the finger, domed outside.
      const cs = Math.cos(s), sn = Math.sin(s);
      const x = halfWidth * Math.sign(cs) * Math.abs(cs) ** 0.6;
      const radial = innerRadius + thickness * (0.5 + 0.5 * Math.sign(sn) * Math.abs(sn) ** 0.6);
      return [x, Math.min(Math.cos(a) * radial, faceY - 0.0004), Math.sin(a) * radial];
    }, 160, 24);
    // The face: a flat oval plate, longer along the finger, bevelled into the shoulders.
    const face = place(extrude(ellipse(0.0056, 0.0049, 64), 0.0016, 0.0005, [], 48), [0, faceY - 0.0021, 0], [-Math.PI / 2, 0, 0]);
    const border = place(torus(0.0049, 0.00016, 4, 72), [0, faceY + 0.00002, 0], [Math.PI / 2, 0, 0], [1.12, 0.98, 1]);
    b.part('ring', [[[band, face, border], silver]]);
  },
  alt: {
    ja: '平らな楕円の面をもつシルバー925のシグネットリング。',
    en: 'A sterling silver signet ring with a flat oval face, ready for engraving.',
  },
  hotspots: [
    {
      id: 'face', position: [0, faceY, 0], normal: [0, 1, 0],
      title: { ja: '刻印できる面', en: 'Ready for engraving' },
      text: { ja: '平らな面にイニシャルや紋章を刻印できます。', en: 'The flat face takes initials or a crest.' },
    },
    {
      id: 'silver', position: [0, -innerRadius - 0.0014, 0], normal: [0, -1, 0],
      title: { ja: 'シルバー925', en: 'Sterling silver' },
      text: { ja: '純度92.5%のスターリングシルバー。', en: 'Solid 925 sterling silver.' },
    },
  ],
  parts: [],
  anchorWidth: 0.0214,
  view: [0.55, 0.9, 1],
};
