import { BoxGeometry, Group, Mesh, MeshStandardMaterial, type Material } from 'three';
import { describe, expect, it } from 'vitest';
import { applyGltfVariant, gltfVariantNames, type VariantGltf } from './variants';

/** A loaded glTF as three's GLTFLoader leaves it: mappings on the mesh, names in the parser's JSON. */
function loaded() {
  const base = new MeshStandardMaterial({ name: 'gold' });
  const materials: Material[] = [base, new MeshStandardMaterial({ name: 'silver' }), new MeshStandardMaterial({ name: 'black' })];
  const frame = new Mesh(new BoxGeometry(), base);
  frame.userData.gltfExtensions = { KHR_materials_variants: { mappings: [{ material: 1, variants: [1] }, { material: 2, variants: [2] }] } };
  const lens = new Mesh(new BoxGeometry(), new MeshStandardMaterial({ name: 'lens' }));
  const scene = new Group().add(frame, lens);
  const requested: number[] = [];
  const gltf: VariantGltf = {
    scene,
    parser: {
      json: { extensions: { KHR_materials_variants: { variants: [{ name: 'gold' }, { name: 'silver' }, { name: 'black' }] } } },
      getDependency: (_type, index) => {
        requested.push(index);
        return Promise.resolve(materials[index]!);
      },
    },
  };
  return { gltf, frame, lens, base, materials, requested };
}

describe('KHR_materials_variants', () => {
  it('lists the variant names and puts a variant’s materials on the meshes it maps', async () => {
    const { gltf, frame, lens, materials } = loaded();
    expect(gltfVariantNames(gltf)).toEqual(['gold', 'silver', 'black']);
    expect(await applyGltfVariant(gltf, 'black')).toBe(true);
    expect(frame.material).toBe(materials[2]);
    expect((lens.material as Material).name).toBe('lens');
  });

  it('goes back to the file’s own material for an unmapped, unknown or no variant', async () => {
    const { gltf, frame, base } = loaded();
    await applyGltfVariant(gltf, 'silver');
    await applyGltfVariant(gltf, 'gold');
    expect(frame.material).toBe(base);
    await applyGltfVariant(gltf, 'silver');
    await applyGltfVariant(gltf, 'no-such-variant');
    expect(frame.material).toBe(base);
    await applyGltfVariant(gltf, 'black');
    expect(await applyGltfVariant(gltf, null)).toBe(true);
    expect(frame.material).toBe(base);
  });

  it('lets the newest pick win over a slower earlier one', async () => {
    const { gltf, frame, materials } = loaded();
    let latest = 0;
    const first = ++latest;
    const slow = applyGltfVariant(gltf, 'silver', () => first === latest);
    const second = ++latest;
    await applyGltfVariant(gltf, 'black', () => second === latest);
    await slow;
    expect(frame.material).toBe(materials[2]);
  });
});
