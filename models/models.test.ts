// The built models: valid glTF (Khronos validator, zero errors, on the compressed file and on its
// decoded geometry), within budget, with the variants, parts and anchors the manifest promises, and a
// manifest that covers the seeded catalog.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NodeIO, type Document } from '@gltf-transform/core';
import { ALL_EXTENSIONS, EXTMeshoptCompression } from '@gltf-transform/extensions';
import { getBounds } from '@gltf-transform/functions';
import { validateBytes } from 'gltf-validator';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest, ModelManifestEntry } from '../common/models';
import { demoProducts } from '../server/domain/seed';
import { buildModel, buildModels } from './build';
import { productModels } from './catalog';
import { ModelBuilder } from './lib/builder';
import { lookOf } from './lib/model';
import { closestSurfacePoint } from './lib/surface-distance';

const budget = { bytes: 3 * 1024 * 1024, vertices: 30_000, texturePx: 2048 };

let outDir: string;
let manifest: ModelManifest;
const decoded = new Map<string, Document>();
const files = new Map<string, Uint8Array>();

const reader = () => new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({ 'meshopt.decoder': MeshoptDecoder, 'meshopt.encoder': MeshoptEncoder });

beforeAll(async () => {
  await MeshoptDecoder.ready;
  outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-shop-models-'));
  manifest = await buildModels(outDir);
  for (const entry of manifest.models) {
    const bytes = new Uint8Array(await fs.readFile(path.join(outDir, `${entry.productId}.glb`)));
    files.set(entry.productId, bytes);
    decoded.set(entry.productId, await reader().readBinary(bytes));
  }
}, 60_000);

afterAll(async () => {
  if (outDir) await fs.rm(outDir, { recursive: true, force: true });
});

const entryOf = (id: string): ModelManifestEntry => manifest.models.find((m) => m.productId === id)!;
const ids = demoProducts.map((p) => p.id);

async function validationErrors(bytes: Uint8Array) {
  const report = await validateBytes(bytes, { maxIssues: 50 });
  return report.issues.messages.filter((m) => m.severity === 0);
}

describe('every seeded product has a model', () => {
  it('the manifest lists exactly the seeded products, in seed order, at their served paths', () => {
    expect(manifest.version).toBe(1);
    expect(manifest.models.map((m) => m.productId)).toEqual(ids);
    for (const m of manifest.models) {
      expect(m.file).toBe(`/models/${m.productId}.glb`);
      expect(m.poster).toBe(`/products/${m.productId}.webp`);
    }
  });

  it('the manifest on disk is the one returned', async () => {
    expect(JSON.parse(await fs.readFile(path.join(outDir, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('refuses a generator whose product is not seeded', async () => {
    await expect(buildModel({ ...productModels[0]!, productId: 'no-such-product' })).rejects.toThrow(/no seeded product/);
  });

  it('refuses a hotspot authored far from the surface', async () => {
    const model = productModels[0]!;
    const stray = { ...model.hotspots[0]!, position: [0, 0.5, 0] as [number, number, number] };
    await expect(buildModel({ ...model, hotspots: [stray, ...model.hotspots.slice(1)] })).rejects.toThrow(/off the surface/);
  });

  it('refuses a material slot that misses one of the product\'s looks', () => {
    const builder = new ModelBuilder('aviator-sunglasses', ['gold', 'silver']);
    expect(() => builder.material('frame', { gold: { color: '#c9a24a', metalness: 1, roughness: 0.2 } })).toThrow(/looks missing \[silver\]/);
  });
});

describe.each(ids)('%s', (id) => {
  it('validates with the Khronos glTF validator with zero errors, compressed and decoded', async () => {
    expect(await validationErrors(files.get(id)!)).toEqual([]);
    // The validator cannot look inside EXT_meshopt_compression buffers: decode them and validate
    // the geometry itself (accessor bounds, unit normals, index ranges).
    const document = decoded.get(id)!;
    document.createExtension(EXTMeshoptCompression).dispose();
    const plain = await reader().writeBinary(document);
    expect(await validationErrors(plain)).toEqual([]);
  });

  it('stays within budget: ≤ 3 MB, ≤ 30k vertices, textures ≤ 2048²', () => {
    expect(files.get(id)!.byteLength).toBeLessThanOrEqual(budget.bytes);
    const document = decoded.get(id)!;
    const vertices = document.getRoot().listMeshes().flatMap((m) => m.listPrimitives()).reduce((n, p) => n + p.getAttribute('POSITION')!.getCount(), 0);
    expect(vertices).toBeGreaterThan(100);
    expect(vertices).toBeLessThanOrEqual(budget.vertices);
    for (const texture of document.getRoot().listTextures()) {
      const [w, h] = texture.getSize() ?? [Infinity, Infinity];
      expect(Math.max(w, h)).toBeLessThanOrEqual(budget.texturePx);
    }
  });

  it('has a KHR_materials_variants look for every commerce variant, and each look changes a material', () => {
    const product = demoProducts.find((p) => p.id === id)!;
    const entry = entryOf(id);
    expect(Object.keys(entry.variants).sort()).toEqual(product.variants.map((v) => v.id).sort());
    const document = decoded.get(id)!;
    const gltfVariants = document.getRoot().listExtensionsUsed().find((e) => e.extensionName === 'KHR_materials_variants') as unknown as { listVariants(): { getName(): string }[] };
    const names = gltfVariants.listVariants().map((v) => v.getName());
    for (const v of product.variants) {
      expect(names).toContain(entry.variants[v.id]!.gltfVariant);
      expect(entry.variants[v.id]!.color).toBe(v.colorHex);
    }
    // Variants that share a colour (sizes) share a look; different colours get different looks.
    const lookByColour = new Map<string, string>();
    for (const v of product.variants) {
      const look = entry.variants[v.id]!.gltfVariant;
      if (lookByColour.has(v.color!)) expect(look).toBe(lookByColour.get(v.color!));
      lookByColour.set(v.color!, look);
    }
    expect(new Set(lookByColour.values()).size).toBe(lookByColour.size);
    if (names.length > 1) {
      const mapped = document.getRoot().listMeshes().flatMap((m) => m.listPrimitives()).filter((p) => p.getExtension('KHR_materials_variants'));
      expect(mapped.length).toBeGreaterThan(0);
    }
  });

  it('names its parts as the manifest does, with offsets to spread them', () => {
    const entry = entryOf(id);
    const nodes = decoded.get(id)!.getRoot().listNodes().map((n) => n.getName());
    expect(nodes).toContain(id);
    for (const part of entry.parts) {
      expect(nodes).toContain(part.node);
      expect(Math.hypot(...part.offset)).toBeGreaterThan(0);
    }
  });

  it('is at real-world scale, and its manifest size and framing fit the geometry', () => {
    const entry = entryOf(id);
    const { min, max } = getBounds(decoded.get(id)!.getRoot().getDefaultScene()!);
    const size = max.map((m, i) => m - min[i]!);
    size.forEach((s, i) => expect(s).toBeCloseTo(entry.size[i]!, 3));
    // Everything here is between an earring (about 2 cm) and a hat (about 35 cm).
    expect(Math.max(...size)).toBeGreaterThan(0.015);
    expect(Math.max(...size)).toBeLessThan(0.4);
    const { position, target, minDistance, maxDistance } = entry.camera;
    const distance = Math.hypot(...position.map((p, i) => p - target[i]!));
    expect(distance).toBeGreaterThan(minDistance);
    expect(distance).toBeLessThan(maxDistance);
    for (const hotspot of entry.hotspots) {
      hotspot.position.forEach((p, i) => {
        expect(p).toBeGreaterThanOrEqual(min[i]! - 0.005);
        expect(p).toBeLessThanOrEqual(max[i]! + 0.005);
      });
    }
  });

  it('puts its hotspots on the model\'s surface', () => {
    const model = productModels.find((m) => m.productId === id)!;
    const product = demoProducts.find((p) => p.id === id)!;
    const builder = new ModelBuilder(id, [...new Set(product.variants.map(lookOf))]);
    model.build(builder);
    for (const h of entryOf(id).hotspots) expect(closestSurfacePoint(builder.document, h.position).distance).toBeLessThan(0.0002);
  });

  it('has 2–4 hotspots with Japanese and English title and text, and unit-length-able normals', () => {
    const entry = entryOf(id);
    expect(entry.hotspots.length).toBeGreaterThanOrEqual(2);
    expect(entry.hotspots.length).toBeLessThanOrEqual(4);
    expect(new Set(entry.hotspots.map((h) => h.id)).size).toBe(entry.hotspots.length);
    for (const h of entry.hotspots) {
      expect(h.id).toMatch(/^[a-z0-9-]+$/);
      for (const text of [h.title, h.text]) {
        expect(text.ja.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
        expect(text.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
      expect(Math.hypot(...h.normal)).toBeGreaterThan(0.5);
    }
    expect(entry.alt.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(entry.alt.en.length).toBeGreaterThan(20);
  });
});

describe('try-on anchors', () => {
  it('exactly the try-on products carry an anchor, of their seeded kind, with a width and a convention', () => {
    for (const product of demoProducts) {
      const anchor = entryOf(product.id).anchor;
      if (!product.tryOn) {
        expect(anchor, product.id).toBeNull();
        continue;
      }
      expect(anchor?.kind, product.id).toBe(product.tryOn);
      expect(anchor!.width).toBeGreaterThan(0.005);
      expect(anchor!.width).toBeLessThan(0.25);
      expect(anchor!.convention.length).toBeGreaterThan(30);
    }
  });

  const bounds = (id: string) => getBounds(decoded.get(id)!.getRoot().getDefaultScene()!);

  it('glasses: origin at the nose bridge, symmetric in x, temples running back along -Z, width as stated', () => {
    for (const id of ['aviator-sunglasses', 'round-glasses']) {
      const { min, max } = bounds(id);
      expect(Math.abs(min[0]! + max[0]!)).toBeLessThan(0.002);
      expect(max[2]!).toBeLessThan(0.01);
      expect(min[2]!).toBeLessThan(-0.1);
      expect(min[1]!).toBeLessThan(0);
      expect(max[1]!).toBeGreaterThan(0);
      expect(Math.abs(max[0]! - min[0]! - entryOf(id).anchor!.width)).toBeLessThan(0.01);
    }
  });

  it('hats: origin at the top of the head, the hat hanging below it', () => {
    for (const id of ['baseball-cap', 'bucket-hat']) {
      const { min, max } = bounds(id);
      expect(max[1]!).toBeGreaterThan(0);
      expect(max[1]!).toBeLessThan(0.01);
      expect(min[1]!).toBeLessThan(-0.09);
    }
  });

  it('earring: origin at the piercing, the front out of the left ear (+X), the post into the head, the drop below', () => {
    const { min, max } = bounds('pearl-earrings');
    expect(max[0]!).toBeGreaterThan(0.0015);
    expect(min[0]!).toBeLessThan(-0.008);
    expect(min[1]!).toBeLessThan(-0.012);
    expect(Math.abs(min[2]! + max[2]!)).toBeLessThan(0.001);
  });

  it('watch: the dial faces +Y over the wrist, the strap loops round the origin', () => {
    const { min, max } = bounds('field-watch');
    expect(min[1]!).toBeLessThan(-0.015);
    expect(max[1]!).toBeGreaterThan(0.025);
    expect(Math.abs(min[2]! + max[2]!)).toBeLessThan(0.002);
  });

  it('ring: origin at the centre of the band, the finger along X', () => {
    const { min, max } = bounds('signet-ring');
    expect(Math.abs(min[2]! + max[2]!)).toBeLessThan(0.001);
    expect(min[1]!).toBeLessThan(-0.008);
    expect(max[0]! - min[0]!).toBeLessThan(0.015);
  });

  it('necklace: origin at the front of the chain, the chain going back round the neck', () => {
    const { min, max } = bounds('pendant-necklace');
    expect(max[2]!).toBeLessThan(0.006);
    expect(min[2]!).toBeLessThan(-0.1);
    expect(Math.abs(max[0]! - min[0]! - entryOf('pendant-necklace').anchor!.width)).toBeLessThan(0.01);
  });
});

describe('the build', () => {
  it('is deterministic: the same sources give the same bytes', async () => {
    for (const model of productModels.slice(0, 3)) {
      const again = await buildModel(model);
      expect(Buffer.from(again.glb).equals(Buffer.from(files.get(model.productId)!))).toBe(true);
    }
  });
});
