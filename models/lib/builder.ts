// Turns three.js geometry into a glTF document: one node per part under a root node named after the
// product, PBR materials, and a KHR_materials_variants look per product colour. three's geometry
// generators run in Node without a DOM, so the models are plain code.
import { Document, Logger, type Material, type Mesh, type Node } from '@gltf-transform/core';
import { KHRMaterialsVariants, type Variant } from '@gltf-transform/extensions';
import type { BufferGeometry } from 'three';

/** A metal/rough PBR material. Colours are sRGB hex as in the seed. */
export interface Pbr {
  color: string;
  metalness: number;
  roughness: number;
  /** Below 1 the material is alpha-blended (lenses); glTF transmission is not used. */
  opacity?: number;
  doubleSided?: boolean;
  /** sRGB hex of a glow (a speaker's light ring). */
  emissive?: string;
}

/** A material slot of a model: one look for all colours, or one per look name. */
export type MaterialSpec = Pbr | Record<string, Pbr>;

/** Handle of a material slot, passed with geometry to `part()`. */
export interface Slot {
  readonly name: string;
  readonly byLook: ReadonlyMap<string, Material>;
}

function srgbToLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

/** '#rrggbb' → linear RGB, as glTF's baseColorFactor wants. */
export function hexToLinear(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [m[1]!, m[2]!, m[3]!].map((h) => Number(srgbToLinear(parseInt(h, 16) / 255).toFixed(5))) as [number, number, number];
}

const isPbr = (spec: MaterialSpec): spec is Pbr => typeof (spec as Pbr).color === 'string';

export class ModelBuilder {
  readonly document = new Document();
  readonly root: Node;
  private readonly buffer;
  private readonly variants = new Map<string, Variant>();
  private readonly variantsExtension;

  /** `looks`: the product's look names (KHR_materials_variants names), the first is the default. */
  constructor(
    readonly productId: string,
    readonly looks: readonly string[],
  ) {
    if (looks.length === 0) throw new Error(`${productId}: a model needs at least one look`);
    // Transforms log at info level by default; the build prints its own one-line summary.
    this.document.setLogger(new Logger(Logger.Verbosity.WARN));
    this.buffer = this.document.createBuffer();
    this.root = this.document.createNode(productId);
    this.document.getRoot().setDefaultScene(this.document.createScene(productId).addChild(this.root));
    this.variantsExtension = this.document.createExtension(KHRMaterialsVariants);
    for (const look of looks) this.variants.set(look, this.variantsExtension.createVariant(look));
  }

  private createMaterial(name: string, pbr: Pbr): Material {
    const [r, g, b] = hexToLinear(pbr.color);
    const opacity = pbr.opacity ?? 1;
    const material = this.document
      .createMaterial(name)
      .setBaseColorFactor([r, g, b, opacity])
      .setMetallicFactor(pbr.metalness)
      .setRoughnessFactor(pbr.roughness)
      .setDoubleSided(pbr.doubleSided ?? false);
    if (opacity < 1) material.setAlphaMode('BLEND');
    if (pbr.emissive) material.setEmissiveFactor(hexToLinear(pbr.emissive));
    return material;
  }

  /** Declares a material slot. A per-look spec must name every look of the product. */
  material(name: string, spec: MaterialSpec): Slot {
    const byLook = new Map<string, Material>();
    if (isPbr(spec)) {
      const material = this.createMaterial(name, spec);
      for (const look of this.looks) byLook.set(look, material);
    } else {
      const missing = this.looks.filter((look) => !spec[look]);
      const extra = Object.keys(spec).filter((look) => !this.looks.includes(look));
      if (missing.length || extra.length) throw new Error(`${this.productId}/${name}: looks missing [${missing}] or unknown [${extra}]`);
      // Looks with equal settings share one material, so a switch only swaps what differs.
      const made = new Map<string, Material>();
      for (const look of this.looks) {
        const pbr = spec[look]!;
        const key = JSON.stringify(pbr);
        if (!made.has(key)) made.set(key, this.createMaterial(`${name}-${look}`, pbr));
        byLook.set(look, made.get(key)!);
      }
    }
    return { name, byLook };
  }

  /** Adds a part: a node named `name` under the root with one primitive per slot. */
  part(name: string, pieces: [BufferGeometry | BufferGeometry[], Slot][]): Node {
    const mesh: Mesh = this.document.createMesh(name);
    for (const [geometry, slot] of pieces) {
      const merged = mergeForGltf(Array.isArray(geometry) ? geometry : [geometry]);
      const position = this.document.createAccessor().setType('VEC3').setArray(merged.position).setBuffer(this.buffer);
      const normal = this.document.createAccessor().setType('VEC3').setArray(merged.normal).setBuffer(this.buffer);
      const indices = this.document.createAccessor().setType('SCALAR').setArray(merged.index).setBuffer(this.buffer);
      const defaultMaterial = slot.byLook.get(this.looks[0]!)!;
      const primitive = this.document
        .createPrimitive()
        .setAttribute('POSITION', position)
        .setAttribute('NORMAL', normal)
        .setIndices(indices)
        .setMaterial(defaultMaterial);
      const distinct = new Set(slot.byLook.values());
      if (distinct.size > 1) {
        const mappings = this.variantsExtension.createMappingList();
        for (const material of distinct) {
          const mapping = this.variantsExtension.createMapping().setMaterial(material);
          for (const look of this.looks) if (slot.byLook.get(look) === material) mapping.addVariant(this.variants.get(look)!);
          mappings.addMapping(mapping);
        }
        primitive.setExtension('KHR_materials_variants', mappings);
      }
      mesh.addPrimitive(primitive);
    }
    const node = this.document.createNode(name).setMesh(mesh);
    this.root.addChild(node);
    return node;
  }
}

/** Concatenates geometries into one indexed position+normal set (uvs dropped: no textures). */
export function mergeForGltf(geometries: BufferGeometry[]) {
  let vertexCount = 0;
  let indexCount = 0;
  for (const g of geometries) {
    const n = g.getAttribute('position').count;
    vertexCount += n;
    indexCount += g.index ? g.index.count : n;
  }
  const position = new Float32Array(vertexCount * 3);
  const normal = new Float32Array(vertexCount * 3);
  const index = vertexCount > 65_535 ? new Uint32Array(indexCount) : new Uint16Array(indexCount);
  let vertexOffset = 0;
  let indexOffset = 0;
  for (const g of geometries) {
    if (!g.getAttribute('normal')) g.computeVertexNormals();
    const p = g.getAttribute('position');
    const nrm = g.getAttribute('normal');
    for (let i = 0; i < p.count; i++) {
      position.set([p.getX(i), p.getY(i), p.getZ(i)], (vertexOffset + i) * 3);
      const nx = nrm.getX(i), ny = nrm.getY(i), nz = nrm.getZ(i);
      const len = Math.hypot(nx, ny, nz) || 1;
      // A degenerate normal (poles of a lathe) would fail validation: point it up instead.
      if (Math.hypot(nx, ny, nz) < 1e-6) normal.set([0, 1, 0], (vertexOffset + i) * 3);
      else normal.set([nx / len, ny / len, nz / len], (vertexOffset + i) * 3);
    }
    if (g.index) for (let i = 0; i < g.index.count; i++) index[indexOffset + i] = g.index.getX(i) + vertexOffset;
    else for (let i = 0; i < p.count; i++) index[indexOffset + i] = i + vertexOffset;
    vertexOffset += p.count;
    indexOffset += g.index ? g.index.count : p.count;
  }
  return { position, normal, index };
}
