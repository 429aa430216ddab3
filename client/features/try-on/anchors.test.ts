import { describe, expect, it } from 'vitest';
import {
  body,
  earringPoses,
  face,
  glassesPose,
  hand,
  hatPose,
  headPose,
  lipPolygon,
  lipPolygonLength,
  lipsOuter,
  necklacePose,
  Pendulum,
  ringPose,
  toDisplay,
  watchPose,
} from './anchors';

const W = 640;
const H = 480;

/** A synthetic frontal face (normalised coordinates of the unmirrored picture: the wearer's left is on the right). */
function frontalFace(): Float32Array {
  const lm = new Float32Array(face.count * 3).fill(0.5);
  const set = (i: number, x: number, y: number, z = 0) => lm.set([x, y, z], i * 3);
  set(face.cheekRight, 0.4, 0.5);
  set(face.cheekLeft, 0.6, 0.5);
  set(face.templeRight, 0.41, 0.44);
  set(face.templeLeft, 0.59, 0.44);
  set(face.forehead, 0.5, 0.35);
  set(face.chin, 0.5, 0.7);
  set(face.noseBridge, 0.5, 0.45, -0.02);
  return lm;
}

/** Rotates every landmark about the picture's centre by `radians` (counter-clockwise on screen, y up). */
function rollFace(lm: Float32Array, radians: number) {
  const out = new Float32Array(lm.length);
  for (let i = 0; i < lm.length; i += 3) {
    const x = (lm[i]! - 0.5) * W;
    const y = (0.5 - lm[i + 1]!) * H;
    const c = Math.cos(radians);
    const s = Math.sin(radians);
    out[i] = (c * x - s * y) / W + 0.5;
    out[i + 1] = 0.5 - (s * x + c * y) / H;
    out[i + 2] = lm[i + 2]!;
  }
  return out;
}

const axis = (m: Float32Array, column: 0 | 1 | 2): [number, number, number] => {
  const v: [number, number, number] = [m[column * 4]!, m[column * 4 + 1]!, m[column * 4 + 2]!];
  const l = Math.hypot(...v);
  return [v[0] / l, v[1] / l, v[2] / l];
};
const scaleOf = (m: Float32Array, column: 0 | 1 | 2) => Math.hypot(m[column * 4]!, m[column * 4 + 1]!, m[column * 4 + 2]!);

describe('glassesPose', () => {
  it('puts the origin on the nose bridge and fits the frame width to the temples', () => {
    const pose = glassesPose(frontalFace(), W, H, 0.14, new Float32Array(16));
    expect(pose[12]).toBeCloseTo(0, 3);
    expect(pose[13]).toBeCloseTo((0.5 - 0.45) * H, 3);
    expect(pose[14]).toBeCloseTo(0.02 * W, 3); // nearer the camera than the head centre: +Z
    const templeSpanPx = 0.18 * W;
    expect(scaleOf(pose, 0)).toBeCloseTo(templeSpanPx / 0.14, 2);
    expect(scaleOf(pose, 1)).toBeCloseTo(templeSpanPx / 0.14, 2);
    // Facing the camera: the model's axes are the world's.
    expect(axis(pose, 0)).toEqual([expect.closeTo(1, 5), expect.closeTo(0, 5), expect.closeTo(0, 5)]);
    expect(axis(pose, 1)).toEqual([expect.closeTo(0, 5), expect.closeTo(1, 5), expect.closeTo(0, 5)]);
    expect(axis(pose, 2)).toEqual([expect.closeTo(0, 5), expect.closeTo(0, 5), expect.closeTo(1, 5)]);
  });

  it('follows a tilted head (roll) and keeps the scale', () => {
    const upright = glassesPose(frontalFace(), W, H, 0.14, new Float32Array(16));
    const tilted = glassesPose(rollFace(frontalFace(), (20 * Math.PI) / 180), W, H, 0.14, new Float32Array(16));
    expect((Math.atan2(tilted[1]!, tilted[0]!) * 180) / Math.PI).toBeCloseTo(20, 3);
    expect(scaleOf(tilted, 0)).toBeCloseTo(scaleOf(upright, 0), 2);
  });

  it('turns with a head turned to its left (yaw): the X axis goes away from the camera on the left', () => {
    const lm = frontalFace();
    lm[face.cheekLeft * 3 + 2] = 0.05; // the left cheek farther away
    lm[face.cheekRight * 3 + 2] = -0.05;
    const pose = glassesPose(lm, W, H, 0.14, new Float32Array(16));
    const [x, , z] = axis(pose, 0);
    expect(x).toBeGreaterThan(0.5);
    expect(z).toBeLessThan(-0.2);
  });
});

describe('headPose', () => {
  it('is the face frame at real size on the nose bridge', () => {
    const pose = headPose(frontalFace(), W, H, new Float32Array(16));
    expect(scaleOf(pose, 2)).toBeCloseTo((0.2 * W) / 0.145, 2);
    expect(pose[13]).toBeCloseTo((0.5 - 0.45) * H, 3);
  });
});

describe('hatPose', () => {
  it('sits above and behind the forehead; with an identity transform it faces the camera', () => {
    const identity = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const pose = hatPose(frontalFace(), identity, W, H, 0.16, new Float32Array(16));
    const foreheadY = (0.5 - 0.35) * H;
    const perMetre = (0.2 * W) / 0.145;
    expect(pose[13]).toBeCloseTo(foreheadY + 0.09 * perMetre, 2);
    expect(pose[14]).toBeCloseTo(-0.055 * perMetre, 2);
    expect(scaleOf(pose, 0)).toBeCloseTo((0.2 * W * 1.08) / 0.16, 2);
    expect(axis(pose, 1)).toEqual([expect.closeTo(0, 5), expect.closeTo(1, 5), expect.closeTo(0, 5)]);
  });

  it('takes its rotation from the transformation matrix (yaw 30°), ignoring the matrix scale', () => {
    const a = (30 * Math.PI) / 180;
    // Column-major rotation about Y, scaled by 3 (the matrix is in centimetres; only direction counts).
    const m = new Float32Array([3 * Math.cos(a), 0, -3 * Math.sin(a), 0, 0, 3, 0, 0, 3 * Math.sin(a), 0, 3 * Math.cos(a), 0, 5, 6, -40, 1]);
    const pose = hatPose(frontalFace(), m, W, H, 0.16, new Float32Array(16));
    expect(axis(pose, 0)).toEqual([expect.closeTo(Math.cos(a), 5), expect.closeTo(0, 5), expect.closeTo(-Math.sin(a), 5)]);
    expect(scaleOf(pose, 0)).toBeCloseTo((0.2 * W * 1.08) / 0.16, 2);
  });

  it('falls back to the landmark frame without a matrix', () => {
    const pose = hatPose(rollFace(frontalFace(), 0.3), null, W, H, 0.16, new Float32Array(16));
    expect(Math.atan2(pose[1]!, pose[0]!)).toBeCloseTo(0.3, 4);
  });
});

describe('earringPoses', () => {
  it('hangs one below each tragus, the right one mirrored in x', () => {
    const left = new Float32Array(16);
    const right = new Float32Array(16);
    earringPoses(frontalFace(), W, H, 0, left, right);
    expect(left[12]).toBeGreaterThan(0); // the wearer's left: +X in the unmirrored picture
    expect(right[12]).toBeLessThan(0);
    expect(left[13]).toBeLessThan(0); // below the tragus line (y = 0 here)
    expect(left[0]).toBeGreaterThan(0);
    expect(right[0]).toBeLessThan(0); // mirrored
    expect(left[5]).toBeCloseTo(right[5]!, 5);
  });

  it('swings both by the pendulum angle', () => {
    const left = new Float32Array(16);
    const right = new Float32Array(16);
    earringPoses(frontalFace(), W, H, 0.2, left, right);
    expect(Math.abs(Math.atan2(left[1]!, left[0]!))).toBeCloseTo(0.2, 4);
  });
});

describe('Pendulum', () => {
  it('swings when the head moves sideways and settles when it stops', () => {
    const p = new Pendulum();
    let x = 0;
    let maxAngle = 0;
    for (let i = 0; i < 10; i++) {
      x += 20; // 600 px/s at 30 Hz, starting from rest
      maxAngle = Math.max(maxAngle, Math.abs(p.step(x, 1 / 30)));
    }
    expect(maxAngle).toBeGreaterThan(0.01);
    for (let i = 0; i < 300; i++) p.step(x, 1 / 30);
    expect(Math.abs(p.angle)).toBeLessThan(0.001);
  });
});

describe('lipPolygon', () => {
  it('lists the outer then the inner contour in canvas pixels', () => {
    const lm = frontalFace();
    lm.set([0.45, 0.62, 0], lipsOuter[0] * 3);
    const out = lipPolygon(lm, W, H, new Float32Array(lipPolygonLength));
    expect(out[0]).toBeCloseTo(0.45 * W, 3);
    expect(out[1]).toBeCloseTo(0.62 * H, 3);
    expect(lipPolygonLength).toBe(80);
  });
});

/** A right hand, fingers up, back of the hand to the camera (thumb side on the left of the picture). */
function rightHandBackToCamera(): Float32Array {
  const lm = new Float32Array(hand.count * 3).fill(0.5);
  const set = (i: number, x: number, y: number) => lm.set([x, y, 0], i * 3);
  set(hand.wrist, 0.5, 0.8);
  set(hand.indexMcp, 0.45, 0.6);
  set(hand.middleMcp, 0.49, 0.59);
  set(hand.ringMcp, 0.53, 0.6);
  set(hand.ringPip, 0.54, 0.52);
  set(hand.pinkyMcp, 0.56, 0.62);
  return lm;
}

describe('watchPose and ringPose', () => {
  it('orients the watch along the forearm with its face out of the back of the hand', () => {
    const pose = watchPose(rightHandBackToCamera(), true, W, H, new Float32Array(16));
    const [xx, xy] = axis(pose, 0);
    expect(xy).toBeGreaterThan(0.9); // towards the fingers: up the picture
    expect(Math.abs(xx)).toBeLessThan(0.3);
    expect(axis(pose, 1)[2]).toBeGreaterThan(0.9); // out of the back of the hand: towards the camera
    expect(pose[13]).toBeLessThan((0.5 - 0.8) * H); // a little up the forearm from landmark 0
    const knucklesPx = Math.hypot(0.11 * W, 0.02 * H);
    expect(scaleOf(pose, 0)).toBeCloseTo(knucklesPx / 0.07, 1); // real size: pixels per metre of the hand
  });

  it('flips the back-of-hand direction for the other hand', () => {
    const pose = watchPose(rightHandBackToCamera(), false, W, H, new Float32Array(16));
    expect(axis(pose, 1)[2]).toBeLessThan(-0.9);
  });

  it('puts the ring between the ring finger MCP and PIP joints', () => {
    const pose = ringPose(rightHandBackToCamera(), true, W, H, 0.02, new Float32Array(16));
    const mcpY = (0.5 - 0.6) * H;
    const pipY = (0.5 - 0.52) * H;
    expect(pose[13]).toBeGreaterThan(mcpY);
    expect(pose[13]).toBeLessThan(pipY);
    expect(axis(pose, 0)[1]).toBeGreaterThan(0.9);
    const knucklesPx = Math.hypot(0.11 * W, 0.02 * H);
    expect(scaleOf(pose, 0)).toBeCloseTo((knucklesPx * 0.26 * 1.25) / 0.02, 1);
  });
});

describe('necklacePose', () => {
  it('sits between the shoulders, a little towards the mouth, at real size', () => {
    const lm = new Float32Array(body.count * 3).fill(0.5);
    lm.set([0.7, 0.8, 0], body.shoulderLeft * 3); // the wearer's left: right of the picture
    lm.set([0.3, 0.8, 0], body.shoulderRight * 3);
    lm.set([0.52, 0.5, 0], body.mouthLeft * 3);
    lm.set([0.48, 0.5, 0], body.mouthRight * 3);
    const pose = necklacePose(lm, W, H, 0.15, new Float32Array(16));
    expect(pose[12]).toBeCloseTo(0, 3);
    expect(pose[13]).toBeGreaterThan((0.5 - 0.8) * H);
    expect(pose[13]).toBeLessThan((0.5 - 0.7) * H);
    expect(scaleOf(pose, 0)).toBeCloseTo((0.4 * W * 0.42) / 0.15, 2);
    expect(axis(pose, 0)[0]).toBeCloseTo(1, 5);
    expect(axis(pose, 2)[2]).toBeCloseTo(1, 5);
  });
});

describe('toDisplay', () => {
  it('maps world pixels to the element, flipped left-right when mirrored', () => {
    const out = [0, 0];
    toDisplay(-160, 120, W, H, 320, 240, false, out);
    expect(out).toEqual([80, 60]);
    toDisplay(-160, 120, W, H, 320, 240, true, out);
    expect(out).toEqual([240, 60]);
  });
});
