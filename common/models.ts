// The contract of the 3D product models: the manifest that models/ builds beside the .glb files
// (public/models/manifest.json), read by the 3D viewer, the try-on and the server, and the state of
// a host's 3D demo that travels over the show channel as a latest-wins value.
import { z } from 'zod';
import type { TryOnAnchor } from './api';

export type Vec3 = [number, number, number];
export type Localized = { ja: string; en: string };

/** Where the built models and their manifest are served. */
export const modelsBasePath = '/models';
export const modelManifestPath = `${modelsBasePath}/manifest.json`;

export interface ModelHotspot {
  id: string;
  /** In model space, metres. */
  position: Vec3;
  /** Outward surface normal at the hotspot, model space (hides it when facing away). */
  normal: Vec3;
  title: Localized;
  text: Localized;
}

/** A part that moves out along `offset` (metres, model space) when the exploded view is spread fully. */
export interface ModelPart {
  /** Node name in the .glb. */
  node: string;
  offset: Vec3;
}

/**
 * How a try-on product sits on the body (read by the try-on). Every model is authored in metres with
 * +Y up and +Z towards the viewer (the face's forward), and its origin at the anchor point:
 * - face-eyes: origin at the nose bridge, between the lenses; `width` is the frame width (temple to temple).
 * - head-top: origin at the top of the head where the crown rests; `width` is the inner head width.
 * - ear-lobes: origin at the lobe piercing of one earring; the model holds the left ear's earring,
 *   mirrored in x for the right.
 * - lips: no mesh placement; the try-on colours the lip polygon with the variant's shade.
 * - wrist: origin at the centre of the wrist, +X along the forearm towards the hand, +Y out of the back of the hand.
 * - finger: origin at the centre of the ring, +X along the finger towards its tip.
 * - neck: origin at the front base of the neck (the jugular notch); `width` is the chain's width across the shoulders.
 */
export interface ModelAnchor {
  kind: TryOnAnchor;
  /** The product's real size across the body, metres, for scaling to the detected body. */
  width: number;
  /** A sentence that states the convention above, for people reading the manifest. */
  convention: string;
}

export interface ModelVariantLook {
  /** The KHR_materials_variants name inside the .glb. */
  gltfVariant: string;
  /** The shade for try-ons that colour rather than place (lipstick), and for swatches. */
  color: string;
}

export interface ModelManifestEntry {
  productId: string;
  /** URL of the .glb, e.g. /models/aviator-sunglasses.glb. */
  file: string;
  /** URL of the poster image rendered from the model. */
  poster: string;
  /** Alt text of the model and its poster. */
  alt: Localized;
  /** Axis-aligned size of the model in metres. */
  size: Vec3;
  /** Commerce variant id → how the model looks in it. Every variant of the product has an entry. */
  variants: Record<string, ModelVariantLook>;
  hotspots: ModelHotspot[];
  /** Parts that spread in the exploded view; empty when the model has none. */
  parts: ModelPart[];
  anchor: ModelAnchor | null;
  /** The framing of the reset view. */
  camera: { position: Vec3; target: Vec3; minDistance: number; maxDistance: number };
}

export interface ModelManifest {
  version: 1;
  models: ModelManifestEntry[];
}

// ---------- the host's 3D demo (show channel, latest-wins) ----------
/** Latest-wins key on `show:<id>`; only the show's host may set it. */
export const demo3dKey = 'demo3d';
/** About 15 a second (common/realtime.ts ephemeralIntervalMs coalesces to this anyway). */
export const demo3dIntervalMs = 66;

const vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** What the host's viewer shows, sent about 15 times a second; `null` productId: the demo is closed. */
export const demo3dStateSchema = z.strictObject({
  productId: id.nullable(),
  variantId: id.nullable(),
  camera: z.strictObject({ position: vec3, target: vec3 }),
  hotspot: id.nullable(),
  /** 0 = assembled, 1 = fully spread. */
  explode: z.number().min(0).max(1),
});
export type Demo3dState = z.infer<typeof demo3dStateSchema>;
