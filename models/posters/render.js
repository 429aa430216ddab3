/* global window, document */
// Renders one product model as a poster: the manifest's reset framing, soft studio light from a
// room environment, a key light with a soft contact shadow, on the storefront's picture background.
// Driven by models/posters.ts through window.renderPoster(entry, variantName).
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';
import { MeshoptDecoder } from 'three/addons/libs/meshopt_decoder.module.js';

/** --color-picture-bg in client/styles/tokens.css. */
const background = new THREE.Color('#f1eee9');
// framingFovDegrees in models/build.ts, and the 3D viewer's camera.
const fovDegrees = 32;

const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(window.devicePixelRatio);
renderer.setSize(window.innerWidth, window.innerHeight);
renderer.outputColorSpace = THREE.SRGBColorSpace;
renderer.toneMapping = THREE.NeutralToneMapping;
renderer.shadowMap.enabled = true;
renderer.shadowMap.type = THREE.PCFSoftShadowMap;
document.body.appendChild(renderer.domElement);

const scene = new THREE.Scene();
scene.background = background;
const pmrem = new THREE.PMREMGenerator(renderer);
scene.environment = pmrem.fromScene(new RoomEnvironment(), 0.04).texture;
scene.environmentIntensity = 0.9;

const camera = new THREE.PerspectiveCamera(fovDegrees, window.innerWidth / window.innerHeight, 0.001, 100);
const key = new THREE.DirectionalLight(0xffffff, 1.6);
key.castShadow = true;
key.shadow.mapSize.set(2048, 2048);
key.shadow.radius = 6;
scene.add(key, key.target);
scene.add(new THREE.HemisphereLight(0xffffff, 0xe8e2d8, 0.35));

const ground = new THREE.Mesh(new THREE.PlaneGeometry(1, 1), new THREE.ShadowMaterial({ opacity: 0.16 }));
ground.rotation.x = -Math.PI / 2;
ground.receiveShadow = true;
scene.add(ground);

const loader = new GLTFLoader().setMeshoptDecoder(MeshoptDecoder);
let current = null;

/** Switches every primitive to its KHR_materials_variants material for `variantName`. */
async function applyVariant(gltf, variantName) {
  const names = gltf.parser.json.extensions?.KHR_materials_variants?.variants?.map((v) => v.name) ?? [];
  const index = names.indexOf(variantName);
  if (index < 0) return;
  const meshes = [];
  gltf.scene.traverse((o) => { if (o.isMesh) meshes.push(o); });
  for (const mesh of meshes) {
    const mappings = mesh.userData.gltfExtensions?.KHR_materials_variants?.mappings ?? [];
    const mapping = mappings.find((m) => m.variants.includes(index));
    if (mapping) mesh.material = await gltf.parser.getDependency('material', mapping.material);
  }
}

window.renderPoster = async (entry, variantName) => {
  if (current) scene.remove(current);
  const gltf = await loader.loadAsync(entry.file);
  if (variantName) await applyVariant(gltf, variantName);
  current = gltf.scene;
  current.traverse((o) => { if (o.isMesh) { o.castShadow = true; o.receiveShadow = true; } });
  scene.add(current);

  const box = new THREE.Box3().setFromObject(current);
  const size = box.getSize(new THREE.Vector3());
  const radius = size.length() / 2;
  ground.position.set((box.min.x + box.max.x) / 2, box.min.y - radius * 0.002, (box.min.z + box.max.z) / 2);
  ground.scale.setScalar(radius * 12);
  const [tx, ty, tz] = entry.camera.target;
  key.position.set(tx + radius * 1.2, ty + radius * 3, tz + radius * 1.6);
  key.target.position.set(tx, ty, tz);
  const shadowCam = key.shadow.camera;
  shadowCam.left = shadowCam.bottom = -radius * 1.6;
  shadowCam.right = shadowCam.top = radius * 1.6;
  shadowCam.near = radius * 0.5;
  shadowCam.far = radius * 8;
  shadowCam.updateProjectionMatrix();
  key.shadow.bias = -0.0005;
  key.shadow.normalBias = radius * 0.004;
  shadowCam.updateProjectionMatrix();

  camera.position.set(...entry.camera.position);
  camera.near = radius * 0.02;
  camera.far = radius * 40;
  camera.updateProjectionMatrix();
  camera.lookAt(tx, ty, tz);
  renderer.render(scene, camera);
  return { triangles: renderer.info.render.triangles };
};
window.posterReady = true;
