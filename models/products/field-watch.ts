// A 38 mm field watch on its strap: steel case with lugs and crown, a black dial with hour markers,
// hands at 10:10, a domed crystal, and a strap that wraps the wrist. Origin at the centre of the
// wrist, +X along the forearm towards the hand (the crown, 3 o'clock), +Y out of the back of the hand
// (the dial faces +Y), 12 o'clock towards -Z.
import type { BufferGeometry } from 'three';
import type { ProductModel } from '../lib/model';
import { cylinder, lathe, place, roundedBox, surface } from '../lib/shapes';

/** Half the wrist's width (z) and thickness (y) where the strap lies. */
const wristHalfWidth = 0.031;
const wristHalfThickness = 0.0215;
const strapWidth = 0.02;
const strapThickness = 0.0022;
/** The case back sits on the strap at the top of the wrist. */
const caseBase = wristHalfThickness + strapThickness;
const caseRadius = 0.019;

/** Direction of a clock position (hours, 0–12) in the dial's plane. */
const clockDirection = (hours: number): [number, number] => [Math.sin((hours / 12) * Math.PI * 2), -Math.cos((hours / 12) * Math.PI * 2)];

function hand(hours: number, length: number, width: number, tail: number, y: number): BufferGeometry {
  const [dx, dz] = clockDirection(hours);
  const g = roundedBox(width, 0.0004, length + tail, Math.min(width / 2.2, 0.0002), 1);
  // roundedBox is centred: shift so it starts `tail` behind the centre, then turn to the hour.
  g.translate(0, 0, -(length - tail) / 2);
  g.rotateY(Math.atan2(-dx, -dz));
  return g.translate(0, y, 0);
}

/** The strap: a band of rectangular section looped around the wrist's ellipse in the YZ plane. */
function strap(): BufferGeometry {
  const section = (v: number): [number, number] => {
    // v walks the rectangle: outer face, far edge, inner face, near edge.
    const s = v * 4;
    if (s < 1) return [-strapWidth / 2 + s * strapWidth, strapThickness];
    if (s < 2) return [strapWidth / 2, strapThickness * (2 - s)];
    if (s < 3) return [strapWidth / 2 - (s - 2) * strapWidth, 0];
    return [-strapWidth / 2, strapThickness * (s - 3)];
  };
  return surface((u, v) => {
    const a = u * Math.PI * 2;
    const [x, lift] = section(v);
    const ny = Math.cos(a) / wristHalfThickness, nz = Math.sin(a) / wristHalfWidth;
    const len = Math.hypot(ny, nz);
    return [x, Math.cos(a) * wristHalfThickness + (ny / len) * lift, Math.sin(a) * wristHalfWidth + (nz / len) * lift];
  }, 96, 16);
}

export const fieldWatch: ProductModel = {
  productId: 'field-watch',
  build(b) {
    const steel = b.material('case', { color: '#c3c8ce', metalness: 1, roughness: 0.28 });
    const dialBlack = b.material('dial', { color: '#17191a', metalness: 0.1, roughness: 0.55 });
    const lume = b.material('markers', { color: '#ece6cf', metalness: 0, roughness: 0.45 });
    const seconds = b.material('seconds-hand', { color: '#e0662a', metalness: 0.2, roughness: 0.4 });
    const glass = b.material('crystal', { color: '#eef4f8', metalness: 0, roughness: 0.02, opacity: 0.14 });
    const strapLook = b.material('strap', {
      'black-leather': { color: '#1b1b1b', metalness: 0, roughness: 0.55 },
      'green-canvas': { color: '#4b5d3a', metalness: 0, roughness: 0.95 },
      steel: { color: '#a7adb5', metalness: 1, roughness: 0.3 },
    });
    const keeper = b.material('keeper', {
      'black-leather': { color: '#141414', metalness: 0, roughness: 0.5 },
      'green-canvas': { color: '#3d4c2f', metalness: 0, roughness: 0.9 },
      steel: { color: '#9aa1a9', metalness: 1, roughness: 0.35 },
    });

    const y0 = caseBase;
    const caseBody = lathe([[0.0001, y0], [0.0165, y0], [0.0182, y0 + 0.0012], [caseRadius, y0 + 0.004], [caseRadius, y0 + 0.0085], [0.0184, y0 + 0.0103], [0.0172, y0 + 0.0108], [0.0163, y0 + 0.0104], [0.016, y0 + 0.0095]], 64);
    const lugs = [[1, 1], [1, -1], [-1, 1], [-1, -1]].map(([sx, sz]) => place(roundedBox(0.0032, 0.0042, 0.0085, 0.0011), [sx! * 0.0092, y0 + 0.0028, sz! * 0.0205], [sz! * 0.38, 0, 0]));
    const crown = place(cylinder(0.0027, 0.0027, 0.0042, 20), [caseRadius + 0.0018, y0 + 0.006, 0], [0, 0, Math.PI / 2]);
    const crownStem = place(cylinder(0.0012, 0.0012, 0.002, 10), [caseRadius + 0.0001, y0 + 0.006, 0], [0, 0, Math.PI / 2]);
    b.part('case', [[[caseBody, ...lugs, crown, crownStem], steel]]);

    const dialY = y0 + 0.0092;
    const dial = cylinder(0.0161, 0.0161, 0.0006, 64).translate(0, dialY - 0.0003, 0);
    const markers = Array.from({ length: 12 }, (_, h) => {
      const [dx, dz] = clockDirection(h);
      const major = h % 3 === 0;
      const g = roundedBox(major ? 0.0017 : 0.0011, 0.0003, major ? 0.0042 : 0.003, 0.0001, 1);
      g.rotateY(Math.atan2(dx, dz));
      return g.translate(dx * 0.0127, dialY + 0.00015, dz * 0.0127);
    });
    const minuteTrack = Array.from({ length: 60 }, (_, m) => {
      if (m % 5 === 0) return null;
      const [dx, dz] = clockDirection(m / 5);
      return cylinder(0.00022, 0.00022, 0.0002, 6).translate(dx * 0.0148, dialY + 0.0001, dz * 0.0148);
    }).filter((g): g is BufferGeometry => g !== null);
    b.part('dial', [[dial, dialBlack], [[...markers, ...minuteTrack], lume]]);

    const hourHand = hand(10 + 10 / 60, 0.0085, 0.0019, 0.002, dialY + 0.0007);
    const minuteHand = hand(2, 0.0128, 0.0014, 0.0025, dialY + 0.0012);
    const secondHand = hand(7, 0.0145, 0.0005, 0.004, dialY + 0.0017);
    const pinion = cylinder(0.0011, 0.0011, 0.0016, 16).translate(0, dialY + 0.0012, 0);
    b.part('hands', [[[hourHand, minuteHand], lume], [[secondHand, pinion], seconds]]);

    const crystal = lathe([[0.0001, y0 + 0.0116], [0.008, y0 + 0.0114], [0.0155, y0 + 0.0107], [0.0166, y0 + 0.0102], [0.0166, y0 + 0.0098]], 64);
    b.part('crystal', [[crystal, glass]]);

    const keepers = [-1, 1].map((s) => place(roundedBox(0.0225, 0.0042, 0.006, 0.0012), [0, -0.005, s * (wristHalfWidth + 0.0005)], [0, 0, 0]));
    const buckle = place(roundedBox(0.024, 0.003, 0.0035, 0.001), [0, -wristHalfThickness - 0.0025, 0.006]);
    b.part('strap', [[strap(), strapLook], [keepers, keeper], [buckle, steel]]);
  },
  alt: {
    ja: '38mmのステンレスケースと黒い文字盤のフィールドウォッチ。ストラップを手首の形に巻いた状態。',
    en: 'A field watch with a 38 mm steel case and a legible black dial, its strap closed round the wrist.',
  },
  hotspots: [
    {
      id: 'dial', position: [-0.008, caseBase + 0.0115, -0.006], normal: [0, 1, 0],
      title: { ja: '見やすい文字盤', en: 'Legible dial' },
      text: { ja: '黒い文字盤に太いインデックスで、ひと目で時刻が読めます。', en: 'Bold markers on a black dial read at a glance.' },
    },
    {
      id: 'case', position: [0, caseBase + 0.006, caseRadius], normal: [0, 0, 1],
      title: { ja: '38mmステンレスケース', en: '38 mm steel case' },
      text: { ja: '手首になじむ38mmのステンレスケース。', en: 'A 38 mm stainless steel case that sits neatly on the wrist.' },
    },
    {
      id: 'water', position: [caseRadius + 0.004, caseBase + 0.006, 0], normal: [1, 0, 0],
      title: { ja: '10気圧防水', en: 'Water resistant to 100 m' },
      text: { ja: 'ねじ込み式リューズで10気圧防水。', en: 'A screw-down crown keeps it water resistant to 100 m.' },
    },
  ],
  parts: [
    { node: 'crystal', offset: [0, 0.03, 0] },
    { node: 'hands', offset: [0, 0.02, 0] },
    { node: 'dial', offset: [0, 0.01, 0] },
    { node: 'strap', offset: [0, -0.02, 0] },
  ],
  anchorWidth: 0.038,
  view: [0.25, 1, 0.55],
};
