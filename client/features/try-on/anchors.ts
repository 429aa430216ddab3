// Where a try-on product goes, from landmarks: pure maths, no three.js, no allocation per call.
//
// Space: the overlay's world is the UNMIRRORED camera picture in pixels, origin at its centre,
// +X right, +Y up, +Z towards the camera (an orthographic camera looks down -Z). A person facing the
// camera then has their left side at +X, which is the model convention of common/models.ts (+X the
// wearer's left, +Y up, +Z forward), so a pose is a plain rotation. The video and the overlay are
// mirrored together on screen (CSS), which keeps every matrix here a proper rotation; only points
// reported to the page go through `toDisplay`.
//
// A pose is a column-major 4×4 matrix (three's Matrix4.fromArray order): the model's axes scaled by
// pixels per model metre, then the anchor point.
import type { TryOnAnchor } from '../../../common/api';

export type Pose = Float32Array; // length 16
export type MediapipeTaskName = 'face' | 'hand' | 'pose';

export const anchorTask: Record<TryOnAnchor, MediapipeTaskName> = {
  'face-eyes': 'face',
  'head-top': 'face',
  'ear-lobes': 'face',
  lips: 'face',
  wrist: 'hand',
  finger: 'hand',
  neck: 'pose',
};

/** Face mesh (478 points) indices used here. Right/left are the wearer's. */
export const face = {
  noseBridge: 168,
  templeRight: 127,
  templeLeft: 356,
  cheekRight: 234,
  cheekLeft: 454,
  forehead: 10,
  chin: 152,
  count: 478,
} as const;

/** Outer and inner lip contours, each walked once around (face mesh indices). */
export const lipsOuter = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146] as const;
export const lipsInner = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95] as const;

export const hand = { wrist: 0, indexMcp: 5, middleMcp: 9, ringMcp: 13, ringPip: 14, pinkyMcp: 17, count: 21 } as const;
export const body = { mouthLeft: 9, mouthRight: 10, shoulderLeft: 11, shoulderRight: 12, count: 33 } as const;

/**
 * Typical adult sizes that turn a landmark distance into metres, and where a product sits relative
 * to the landmarks. Rough anthropometric means; a few millimetres off only shifts the fit a little.
 */
export const bodySizes = {
  /** Face width across the tragus landmarks 234–454. */
  faceWidth: 0.145,
  /** Glasses' frame spans the temple landmarks 127–356 times this. */
  glassesOverTemples: 1.0,
  /** The crown of the head above landmark 10 (upper forehead) and behind it. */
  crownAboveForehead: 0.09,
  crownBehindForehead: 0.055,
  /** A hat's inner width over the face width 234–454. */
  hatOverFace: 1.08,
  /** The ear lobe below and behind the tragus landmark. */
  lobeBelowTragus: 0.028,
  lobeBehindTragus: 0.012,
  /** Index-to-pinky knuckle distance 5–17. */
  knuckleSpan: 0.07,
  /** Where the watch sits above landmark 0 (the wrist crease), along the forearm. */
  watchAboveWrist: 0.025,
  /** Ring finger width over the knuckle span, a ring's outer diameter over the finger, and where between MCP (0) and PIP (1) it sits. */
  fingerOverKnuckles: 0.26,
  ringOverFinger: 1.25,
  ringAlongSegment: 0.4,
  /** Shoulder width across the pose landmarks 11–12, and the jugular notch relative to the shoulder line. */
  shoulderWidth: 0.36,
  notchTowardsMouth: 0.08,
  notchInFront: 0.05,
  /** A necklace's chain hangs about this wide relative to the shoulders. */
  chainOverShoulders: 0.42,
} as const;

// Scratch vectors (module level: the frame loop calls these 30–60 times a second).
const ax = new Float64Array(3);
const ay = new Float64Array(3);
const az = new Float64Array(3);
const pa = new Float64Array(3);
const pb = new Float64Array(3);
const pc = new Float64Array(3);
const origin = new Float64Array(3);

/** Landmark `i` of a normalised (x, y, z) array in overlay world pixels. MediaPipe's z has x's scale; smaller is nearer. */
export function landmarkToWorld(landmarks: ArrayLike<number>, i: number, width: number, height: number, out: Float64Array | Float32Array) {
  out[0] = (landmarks[i * 3]! - 0.5) * width;
  out[1] = (0.5 - landmarks[i * 3 + 1]!) * height;
  out[2] = -landmarks[i * 3 + 2]! * width;
}

function sub(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array) {
  out[0] = a[0]! - b[0]!;
  out[1] = a[1]! - b[1]!;
  out[2] = a[2]! - b[2]!;
}
function len(v: ArrayLike<number>) {
  return Math.hypot(v[0]!, v[1]!, v[2]!);
}
function normalize(v: Float64Array) {
  const l = len(v) || 1;
  v[0]! /= l;
  v[1]! /= l;
  v[2]! /= l;
}
function cross(a: Float64Array, b: Float64Array, out: Float64Array) {
  const x = a[1]! * b[2]! - a[2]! * b[1]!;
  const y = a[2]! * b[0]! - a[0]! * b[2]!;
  const z = a[0]! * b[1]! - a[1]! * b[0]!;
  out[0] = x;
  out[1] = y;
  out[2] = z;
}
function addScaled(target: Float64Array, v: ArrayLike<number>, s: number) {
  target[0]! += v[0]! * s;
  target[1]! += v[1]! * s;
  target[2]! += v[2]! * s;
}
function distance(landmarks: ArrayLike<number>, i: number, j: number, width: number, height: number) {
  landmarkToWorld(landmarks, i, width, height, pa);
  landmarkToWorld(landmarks, j, width, height, pb);
  sub(pa, pb, pc);
  return len(pc);
}

/**
 * An orthonormal right-handed frame from a primary axis X and a rough Y: Z = X × Y, Y = Z × X.
 * Writes ax, ay, az.
 */
function frameFrom(xAxis: Float64Array, roughY: Float64Array) {
  normalize(xAxis);
  cross(xAxis, roughY, az);
  normalize(az);
  cross(az, xAxis, ay);
  normalize(ay);
  if (xAxis !== ax) ax.set(xAxis);
}

function writePose(out: Pose, scale: number, mirrorX = false) {
  const sx = mirrorX ? -scale : scale;
  out[0] = ax[0]! * sx;
  out[1] = ax[1]! * sx;
  out[2] = ax[2]! * sx;
  out[3] = 0;
  out[4] = ay[0]! * scale;
  out[5] = ay[1]! * scale;
  out[6] = ay[2]! * scale;
  out[7] = 0;
  out[8] = az[0]! * scale;
  out[9] = az[1]! * scale;
  out[10] = az[2]! * scale;
  out[11] = 0;
  out[12] = origin[0]!;
  out[13] = origin[1]!;
  out[14] = origin[2]!;
  out[15] = 1;
}

/** The face's frame from landmarks: X from the right to the left tragus, Y from chin to forehead. */
function faceFrame(landmarks: ArrayLike<number>, width: number, height: number) {
  landmarkToWorld(landmarks, face.cheekLeft, width, height, pa);
  landmarkToWorld(landmarks, face.cheekRight, width, height, pb);
  sub(pa, pb, ax);
  landmarkToWorld(landmarks, face.forehead, width, height, pa);
  landmarkToWorld(landmarks, face.chin, width, height, pb);
  sub(pa, pb, ay);
  frameFrom(ax, ay);
}

/** Pixels per metre at the face, from its width. */
export function facePixelsPerMetre(landmarks: ArrayLike<number>, width: number, height: number) {
  return distance(landmarks, face.cheekLeft, face.cheekRight, width, height) / bodySizes.faceWidth;
}

/** The head itself at real size (pixels per metre), origin on the nose bridge: for the occluder. */
export function headPose(landmarks: ArrayLike<number>, width: number, height: number, out: Pose) {
  const perMetre = facePixelsPerMetre(landmarks, width, height);
  faceFrame(landmarks, width, height);
  landmarkToWorld(landmarks, face.noseBridge, width, height, origin);
  writePose(out, perMetre);
  return out;
}

/** Glasses: origin on the nose bridge, frame width fitted to the temples. */
export function glassesPose(landmarks: ArrayLike<number>, width: number, height: number, frameWidth: number, out: Pose) {
  const templeSpan = distance(landmarks, face.templeLeft, face.templeRight, width, height);
  faceFrame(landmarks, width, height);
  landmarkToWorld(landmarks, face.noseBridge, width, height, origin);
  writePose(out, (templeSpan * bodySizes.glassesOverTemples) / frameWidth);
  return out;
}

/**
 * Rotation from MediaPipe's facial transformation matrix (column-major 4×4, canonical face → camera,
 * +X the face's left, +Y up, +Z out of the face, the camera frame being +X right, +Y up, +Z back
 * towards the viewer: the overlay's world). Writes ax, ay, az; false when the matrix is degenerate.
 */
function frameFromTransform(matrix: ArrayLike<number>) {
  ax[0] = matrix[0]!;
  ax[1] = matrix[1]!;
  ax[2] = matrix[2]!;
  ay[0] = matrix[4]!;
  ay[1] = matrix[5]!;
  ay[2] = matrix[6]!;
  if (len(ax) < 1e-6 || len(ay) < 1e-6) return false;
  frameFrom(ax, ay);
  return true;
}

/** Hats: origin at the crown, rotated by the transformation matrix (or the landmark frame without one). */
export function hatPose(landmarks: ArrayLike<number>, transform: ArrayLike<number> | null, width: number, height: number, innerWidth: number, out: Pose) {
  const perMetre = facePixelsPerMetre(landmarks, width, height);
  const faceWidthPx = perMetre * bodySizes.faceWidth;
  if (!transform || !frameFromTransform(transform)) faceFrame(landmarks, width, height);
  landmarkToWorld(landmarks, face.forehead, width, height, origin);
  addScaled(origin, ay, bodySizes.crownAboveForehead * perMetre);
  addScaled(origin, az, -bodySizes.crownBehindForehead * perMetre);
  writePose(out, (faceWidthPx * bodySizes.hatOverFace) / innerWidth);
  return out;
}

/**
 * Earrings: the model is the left ear's; the right one is the same mirrored in x. `swingRadians`
 * tilts each about its forward axis (the pendulum below). Real size: pixels per metre of the face.
 */
export function earringPoses(landmarks: ArrayLike<number>, width: number, height: number, swingRadians: number, left: Pose, right: Pose) {
  const perMetre = facePixelsPerMetre(landmarks, width, height);
  for (const side of [0, 1] as const) {
    faceFrame(landmarks, width, height);
    // Swing: rotate the X/Y axes about Z by the pendulum angle (the same on both ears: the head moved).
    const c = Math.cos(swingRadians);
    const s = Math.sin(swingRadians);
    for (let k = 0; k < 3; k++) {
      const x = ax[k]!;
      const y = ay[k]!;
      ax[k] = c * x + s * y;
      ay[k] = -s * x + c * y;
    }
    landmarkToWorld(landmarks, side === 0 ? face.cheekLeft : face.cheekRight, width, height, origin);
    addScaled(origin, ay, -bodySizes.lobeBelowTragus * perMetre);
    addScaled(origin, az, -bodySizes.lobeBehindTragus * perMetre);
    writePose(side === 0 ? left : right, perMetre, side === 1);
  }
}

/** A damped pendulum for the earrings: driven by the head's sideways acceleration (px/s²). */
export class Pendulum {
  angle = 0;
  private velocity = 0;
  private lastX: number | null = null;
  private lastSpeed = 0;

  constructor(
    private readonly stiffness = 60,
    private readonly damping = 6,
    private readonly gain = 0.00004,
    private readonly maxAngle = 0.35,
  ) {}

  /** `x` is the head's horizontal position in pixels at this step; returns the angle in radians. */
  step(x: number, dtSeconds: number) {
    if (dtSeconds <= 0) return this.angle;
    if (this.lastX === null) {
      this.lastX = x;
      return this.angle;
    }
    const speed = (x - this.lastX) / dtSeconds;
    const accel = (speed - this.lastSpeed) / dtSeconds;
    this.lastX = x;
    this.lastSpeed = speed;
    // The lobe is pushed with the head, so the drop lags behind it: the torque opposes the acceleration.
    const torque = -this.stiffness * this.angle - this.damping * this.velocity - accel * this.gain * this.stiffness;
    this.velocity += torque * dtSeconds;
    this.angle = Math.max(-this.maxAngle, Math.min(this.maxAngle, this.angle + this.velocity * dtSeconds));
    return this.angle;
  }

  reset() {
    this.angle = 0;
    this.velocity = 0;
    this.lastX = null;
    this.lastSpeed = 0;
  }
}

/**
 * The lip polygon in canvas pixels (unmirrored, y down), outer contour then inner, as x,y pairs into
 * `out` (length 2 × (outer + inner)). Fill the outer with the inner as a hole (even-odd).
 */
export function lipPolygon(landmarks: ArrayLike<number>, width: number, height: number, out: Float32Array) {
  let k = 0;
  for (const contour of [lipsOuter, lipsInner]) {
    for (const i of contour) {
      out[k++] = landmarks[i * 3]! * width;
      out[k++] = landmarks[i * 3 + 1]! * height;
    }
  }
  return out;
}
export const lipPolygonLength = (lipsOuter.length + lipsInner.length) * 2;

/** The back-of-hand direction, which depends on which hand it is (a left hand is a mirrored right one). */
function backOfHand(landmarks: ArrayLike<number>, width: number, height: number, rightHand: boolean) {
  landmarkToWorld(landmarks, hand.wrist, width, height, origin);
  landmarkToWorld(landmarks, hand.indexMcp, width, height, pa);
  landmarkToWorld(landmarks, hand.pinkyMcp, width, height, pb);
  sub(pa, origin, pa);
  sub(pb, origin, pb);
  // For a right hand, (pinky − wrist) × (index − wrist) points out of the back of the hand.
  if (rightHand) cross(pb, pa, ay);
  else cross(pa, pb, ay);
}

/** Watches: on the wrist, +X towards the hand, +Y out of the back of the hand, at real size (a case is not resized to the wrist). */
export function watchPose(landmarks: ArrayLike<number>, rightHand: boolean, width: number, height: number, out: Pose) {
  const knuckles = distance(landmarks, hand.indexMcp, hand.pinkyMcp, width, height);
  const perMetre = knuckles / bodySizes.knuckleSpan;
  backOfHand(landmarks, width, height, rightHand);
  landmarkToWorld(landmarks, hand.middleMcp, width, height, pa);
  sub(pa, origin, ax);
  frameFrom(ax, ay);
  addScaled(origin, ax, -bodySizes.watchAboveWrist * perMetre);
  writePose(out, perMetre);
  return out;
}

/** Rings: on the ring finger between its MCP and PIP joints, +X towards the tip, its outer diameter fitted to the finger. */
export function ringPose(landmarks: ArrayLike<number>, rightHand: boolean, width: number, height: number, outerDiameter: number, out: Pose) {
  const knuckles = distance(landmarks, hand.indexMcp, hand.pinkyMcp, width, height);
  backOfHand(landmarks, width, height, rightHand);
  landmarkToWorld(landmarks, hand.ringMcp, width, height, pa);
  landmarkToWorld(landmarks, hand.ringPip, width, height, pb);
  sub(pb, pa, ax);
  frameFrom(ax, ay);
  origin.set(pa);
  sub(pb, pa, pc);
  addScaled(origin, pc, bodySizes.ringAlongSegment);
  writePose(out, (knuckles * bodySizes.fingerOverKnuckles * bodySizes.ringOverFinger) / outerDiameter);
  return out;
}

/** Necklaces: at the jugular notch, +X to the wearer's left shoulder, +Y towards the head; the chain fitted to the shoulders. */
export function necklacePose(landmarks: ArrayLike<number>, width: number, height: number, chainWidth: number, out: Pose) {
  landmarkToWorld(landmarks, body.shoulderLeft, width, height, pa);
  landmarkToWorld(landmarks, body.shoulderRight, width, height, pb);
  sub(pa, pb, ax);
  const perMetre = len(ax) / bodySizes.shoulderWidth;
  origin[0] = (pa[0]! + pb[0]!) / 2;
  origin[1] = (pa[1]! + pb[1]!) / 2;
  origin[2] = (pa[2]! + pb[2]!) / 2;
  landmarkToWorld(landmarks, body.mouthLeft, width, height, pa);
  landmarkToWorld(landmarks, body.mouthRight, width, height, pb);
  ay[0] = (pa[0]! + pb[0]!) / 2 - origin[0]!;
  ay[1] = (pa[1]! + pb[1]!) / 2 - origin[1]!;
  ay[2] = (pa[2]! + pb[2]!) / 2 - origin[2]!;
  addScaled(origin, ay, bodySizes.notchTowardsMouth);
  frameFrom(ax, ay);
  addScaled(origin, az, bodySizes.notchInFront * perMetre);
  writePose(out, (perMetre * bodySizes.shoulderWidth * bodySizes.chainOverShoulders) / chainWidth);
  return out;
}

/**
 * A point of the overlay world (unmirrored camera pixels, centre origin, y up) on the displayed
 * element, in its CSS pixels from the top left: scaled from the camera picture to the element, and
 * flipped left-right when the view is mirrored (a selfie view). `out` gets [x, y].
 */
export function toDisplay(
  worldX: number,
  worldY: number,
  frameWidth: number,
  frameHeight: number,
  displayWidth: number,
  displayHeight: number,
  mirrored: boolean,
  out: Float32Array | number[],
) {
  const u = worldX / frameWidth + 0.5;
  const v = 0.5 - worldY / frameHeight;
  out[0] = (mirrored ? 1 - u : u) * displayWidth;
  out[1] = v * displayHeight;
  return out;
}
