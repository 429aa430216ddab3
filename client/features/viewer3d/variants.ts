// KHR_materials_variants on a loaded glTF: the loader keeps each primitive's mappings in
// mesh.userData.gltfExtensions.KHR_materials_variants and the variant names in the parser's JSON;
// the variant materials load lazily through parser.getDependency('material', index).
import type { Material, Mesh, Object3D } from 'three';

interface VariantMappings {
  mappings: { material: number; variants: number[] }[];
}

export interface VariantGltf {
  scene: Object3D;
  parser: {
    json: { extensions?: { KHR_materials_variants?: { variants?: { name: string }[] } } };
    getDependency(type: 'material', index: number): Promise<Material>;
    assignFinalMaterial?(mesh: Mesh): void;
  };
}

export function gltfVariantNames(gltf: VariantGltf): string[] {
  return gltf.parser.json.extensions?.KHR_materials_variants?.variants?.map((v) => v.name) ?? [];
}

/**
 * Shows variant `name` (null or an unknown name: the default materials). Resolves once every mesh
 * wears it; `stillWanted` is asked before assigning, so a quick second pick wins over a slow first.
 */
export async function applyGltfVariant(gltf: VariantGltf, name: string | null, stillWanted: () => boolean = () => true): Promise<boolean> {
  const index = name === null ? -1 : gltfVariantNames(gltf).indexOf(name);
  const jobs: Promise<void>[] = [];
  let changed = false;
  gltf.scene.traverse((object) => {
    const mesh = object as Mesh;
    if (!mesh.isMesh) return;
    const ext = (mesh.userData.gltfExtensions as Record<string, VariantMappings | undefined> | undefined)?.KHR_materials_variants;
    if (!ext) return;
    // The material the file assigns, kept to return to when no variant is picked.
    mesh.userData.defaultMaterial ??= mesh.material;
    const mapping = index < 0 ? undefined : ext.mappings.find((m) => m.variants.includes(index));
    if (!mapping) {
      if (mesh.material !== mesh.userData.defaultMaterial) {
        mesh.material = mesh.userData.defaultMaterial as Material;
        changed = true;
      }
      return;
    }
    jobs.push(
      gltf.parser.getDependency('material', mapping.material).then((material) => {
        if (!stillWanted() || mesh.material === material) return;
        mesh.material = material;
        // The loader adapts materials to their mesh (vertex colours, flat shading…); do the same.
        gltf.parser.assignFinalMaterial?.(mesh);
        changed = true;
      }),
    );
  });
  await Promise.all(jobs);
  return changed;
}
