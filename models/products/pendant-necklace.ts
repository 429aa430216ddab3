// A teardrop pendant on a 45 cm cable chain, laid as it hangs round the neck: the chain rises over
// the shoulders to the back of the neck. Origin at the front base of the neck (the jugular notch).
import { Matrix4, Vector3, type BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';
import { lathe, place, torus, type P3 } from '../lib/shapes';

const halfWidth = 0.075;
const halfDepth = 0.062;
/** How much higher the chain lies at the back of the neck than at the front. */
const rise = 0.075;
const linkCount = 160;

/** The chain's centre line, t ∈ [0, 1), starting at the front. */
function chainPoint(t: number): P3 {
  const a = t * Math.PI * 2;
  const x = halfWidth * Math.sin(a);
  // The pendant's weight pulls the front into a soft V.
  const y = (rise * (1 - Math.cos(a))) / 2 + 0.012 * (1 - Math.exp(-((x / 0.03) ** 2))) * Math.max(0, Math.cos(a)) ** 2;
  return [x, y, -halfDepth * (1 - Math.cos(a))];
}

function chain(): BufferGeometry[] {
  const links: BufferGeometry[] = [];
  const here = new Vector3(), next = new Vector3(), tangent = new Vector3(), side = new Vector3(), normal = new Vector3();
  const up = new Vector3(0, 1, 0);
  for (let i = 0; i < linkCount; i++) {
    here.set(...chainPoint(i / linkCount));
    next.set(...chainPoint((i + 1) / linkCount));
    tangent.subVectors(next, here).normalize();
    side.crossVectors(up, tangent).normalize();
    normal.crossVectors(tangent, side).normalize();
    // Cable chain: each link turns a quarter turn from the last.
    const planeNormal = i % 2 === 0 ? normal : side;
    const inPlane = new Vector3().crossVectors(planeNormal, tangent);
    const link = torus(0.0012, 0.00032, 4, 10).scale(1.45, 1, 1);
    link.applyMatrix4(new Matrix4().makeBasis(tangent, inPlane, planeNormal).setPosition(here.clone().lerp(next, 0.5)));
    links.push(link);
  }
  return links;
}

export const pendantNecklace: ProductModel = {
  productId: 'pendant-necklace',
  build(b) {
    const metal = b.material('metal', {
      gold: { color: '#e0bc55', metalness: 1, roughness: 0.2 },
      silver: { color: '#d2d2d4', metalness: 1, roughness: 0.16 },
    });
    b.part('chain', [[chain(), metal]]);
    const bail = place(torus(0.0016, 0.00045, 6, 20), [0, -0.0016, 0.0002], [0, Math.PI / 2, 0]);
    // The teardrop: round at the bottom, drawn to a point at the top, flattened front to back.
    const drop = lathe(
      Array.from({ length: 17 }, (_, k) => {
        const t = k / 16;
        const a = t * Math.PI;
        return [0.0042 * Math.sin(a) * (1 - 0.55 * t) ** 1.4, -0.0042 * Math.cos(a) + 0.007 * t * t] as [number, number];
      }),
      40,
    );
    drop.scale(1, 1, 0.55).translate(0, -0.0148, 0.001);
    b.part('pendant', [[[bail, drop], metal]]);
  },
  alt: {
    ja: '45cmのチェーンに小さなしずく型のペンダントが下がるネックレス。',
    en: 'A necklace with a small teardrop pendant on a 45 cm chain.',
  },
  hotspots: [
    {
      id: 'pendant', position: [0, -0.0145, 0.0035], normal: [0, 0, 1],
      title: { ja: 'しずく型ペンダント', en: 'Teardrop pendant' },
      text: { ja: '鎖骨のあいだで揺れる小さなしずく型。', en: 'A small teardrop that sits between the collarbones.' },
    },
    {
      id: 'chain', position: [0.0745, 0.04, -0.06], normal: [1, 0, 0],
      title: { ja: 'チェーン45cm', en: '45 cm chain' },
      text: { ja: '首元にちょうどよく収まる45cmのチェーン。', en: 'A 45 cm chain that lies just below the base of the neck.' },
    },
  ],
  parts: [{ node: 'pendant', offset: [0, -0.02, 0.03] }],
  anchorWidth: 0.15,
  view: [0.15, 0.6, 1],
};
