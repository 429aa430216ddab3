// The try-on's view of the 3D models: the manifest (loaded once per page), the .glb loader with the
// meshopt decoder, and switching KHR_materials_variants without reloading the model.
import type { Material, Mesh, Object3D } from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { modelManifestPath, type ModelManifest, type ModelManifestEntry } from '../../../common/models';

let manifestPromise: Promise<ModelManifest> | null = null;

export function loadManifest(): Promise<ModelManifest> {
  manifestPromise ??= fetch(modelManifestPath).then(async (response) => {
    if (!response.ok) throw new Error(`${modelManifestPath}: HTTP ${response.status}`);
    return (await response.json()) as ModelManifest;
  });
  // A failure is not cached: the next attempt fetches again.
  manifestPromise.catch(() => {
    manifestPromise = null;
  });
  return manifestPromise;
}

export async function loadTryOnEntry(productId: string): Promise<ModelManifestEntry> {
  const manifest = await loadManifest();
  const entry = manifest.models.find((m) => m.productId === productId);
  if (!entry || !entry.anchor) throw new Error(`No try-on model for ${productId}`);
  return entry;
}

/** The loader's setup hook for r3f's useLoader: meshopt-compressed .glb files. */
export function withMeshopt(loader: GLTFLoader) {
  loader.setMeshoptDecoder(MeshoptDecoder);
}
export { GLTFLoader };

interface VariantMapping {
  material: number;
  variants: number[];
}

/** Puts every mesh in the material of the named glTF variant (its own material where it has no mapping). */
export async function applyGltfVariant(gltf: GLTF, root: Object3D, variantName: string) {
  const names: { name: string }[] = gltf.parser.json.extensions?.KHR_materials_variants?.variants ?? [];
  const index = names.findIndex((v) => v.name === variantName);
  const meshes: Mesh[] = [];
  root.traverse((o) => {
    if ((o as Mesh).isMesh) meshes.push(o as Mesh);
  });
  await Promise.all(
    meshes.map(async (mesh) => {
      const mappings: VariantMapping[] | undefined = mesh.userData.gltfExtensions?.KHR_materials_variants?.mappings;
      if (!mappings) return;
      mesh.userData.defaultMaterial ??= mesh.material;
      const mapping = index >= 0 ? mappings.find((m) => m.variants.includes(index)) : undefined;
      mesh.material = mapping ? ((await gltf.parser.getDependency('material', mapping.material)) as Material) : (mesh.userData.defaultMaterial as Material);
    }),
  );
}
