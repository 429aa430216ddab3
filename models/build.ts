// `npm run build:models`: builds every product's model from its generator, optimises it (dedup, weld,
// meshopt compression with quantisation — what three's GLTFLoader + MeshoptDecoder read) and writes
// public/models/<productId>.glb and manifest.json. Deterministic: the same sources give the same bytes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeIO, type Document } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { dedup, getBounds, meshopt, prune, weld } from '@gltf-transform/functions';
import { MeshoptEncoder } from 'meshoptimizer';
import type { TryOnAnchor } from '../common/api';
import { modelsBasePath, type ModelManifest, type ModelManifestEntry, type Vec3 } from '../common/models';
import { demoProducts } from '../server/domain/seed';
import { anchorConventions } from './lib/anchors';
import { ModelBuilder } from './lib/builder';
import { closestSurfacePoint } from './lib/surface-distance';
import { lookOf, type ProductModel } from './lib/model';
import { productModels } from './catalog';

export const defaultOutDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/models');
/** Vertical field of view the reset framing assumes (the viewer's camera uses the same). */
export const framingFovDegrees = 32;
/** How far from the surface an authored hotspot may be before the build calls it a mistake. */
export const maxHotspotSnap = 0.01;

// `|| 0` turns -0 into 0, which JSON would write as 0 anyway.
const round = (n: number, digits = 4) => Number(n.toFixed(digits)) || 0;
const round3 = (v: number[]): Vec3 => [round(v[0]!), round(v[1]!), round(v[2]!)];

export function io() {
  return new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({ 'meshopt.encoder': MeshoptEncoder, 'meshopt.decoder': undefined });
}

/** The reset view: looks at the centre of the bounds from `view`, far enough for the bounding sphere to fit. */
export function framing(min: number[], max: number[], view: Vec3, fill = 1.15): ModelManifestEntry['camera'] {
  const centre = min.map((m, i) => (m + max[i]!) / 2);
  const radius = Math.hypot(...min.map((m, i) => max[i]! - m)) / 2;
  const distance = (radius / Math.sin(((framingFovDegrees / 2) * Math.PI) / 180)) * fill;
  const length = Math.hypot(...view);
  const position = centre.map((c, i) => c + (view[i]! / length) * distance);
  return { position: round3(position), target: round3(centre), minDistance: round(distance * 0.4), maxDistance: round(distance * 2.5) };
}

export interface BuiltModel {
  entry: ModelManifestEntry;
  glb: Uint8Array;
}

/** Builds one product's model into an optimised .glb and its manifest entry. */
export async function buildModel(model: ProductModel): Promise<BuiltModel> {
  const product = demoProducts.find((p) => p.id === model.productId);
  if (!product) throw new Error(`models/${model.productId}: no seeded product with this id`);
  const looks = [...new Set(product.variants.map(lookOf))];
  const builder = new ModelBuilder(product.id, looks);
  model.build(builder);
  const document: Document = builder.document;
  const scene = document.getRoot().getDefaultScene() ?? document.getRoot().listScenes()[0]!;
  const { min, max } = getBounds(scene);
  // Hotspots are authored near the surface and snapped onto it, so a marker never hides inside.
  const hotspots = model.hotspots.map((h) => {
    const snapped = closestSurfacePoint(document, h.position);
    if (snapped.distance > maxHotspotSnap) throw new Error(`models/${model.productId}: hotspot ${h.id} is ${(snapped.distance * 1000).toFixed(1)} mm off the surface`);
    return { ...h, position: snapped.point.map((v) => round(v, 5)) as Vec3 };
  });
  await document.transform(dedup(), weld(), prune(), meshopt({ encoder: MeshoptEncoder, level: 'medium' }));
  const glb = await io().writeBinary(document);

  const variants: ModelManifestEntry['variants'] = {};
  for (const v of product.variants) variants[v.id] = { gltfVariant: lookOf(v), color: v.colorHex ?? '#888888' };
  const anchorKind = product.tryOn as TryOnAnchor | null;
  if (anchorKind && model.anchorWidth === undefined) throw new Error(`models/${model.productId}: a try-on product needs anchorWidth`);
  const entry: ModelManifestEntry = {
    productId: product.id,
    file: `${modelsBasePath}/${product.id}.glb`,
    poster: `/products/${product.id}.webp`,
    alt: model.alt,
    size: round3(max.map((m, i) => m - min[i]!)),
    variants,
    hotspots,
    parts: model.parts,
    anchor: anchorKind ? { kind: anchorKind, width: model.anchorWidth!, convention: anchorConventions[anchorKind] } : null,
    camera: framing(min, max, model.view, model.fill),
  };
  return { entry, glb };
}

/** Builds every model into `outDir` and writes the manifest there. */
export async function buildModels(outDir = defaultOutDir): Promise<ModelManifest> {
  await MeshoptEncoder.ready;
  await fs.mkdir(outDir, { recursive: true });
  const models: ModelManifestEntry[] = [];
  for (const model of productModels) {
    const { entry, glb } = await buildModel(model);
    await fs.writeFile(path.join(outDir, `${model.productId}.glb`), glb);
    models.push(entry);
  }
  const manifest: ModelManifest = { version: 1, models };
  await fs.writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : defaultOutDir;
  const manifest = await buildModels(outDir);
  console.log(`models: ${manifest.models.length} models in ${path.relative(process.cwd(), outDir) || '.'} (${Math.round(performance.now() - started)} ms)`);
}
