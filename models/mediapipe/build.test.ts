import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediapipeTasks } from '../../common/mediapipe';
import { readZip } from './archive';
import { buildAll, buildBundles, bundleFiles, outDir, readLock, type BundleName } from './build';
import { sha256 } from './bundles';

const names = Object.keys(bundleFiles) as BundleName[];
const lock = readLock()!;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mediapipe-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Each case builds all three bundles (about 0.5 s alone); the machine may be busy.
describe('MediaPipe bundle build', { timeout: 60_000 }, () => {
  it('pins every bundle in bundles.lock.json, and the served paths are the files it writes', () => {
    expect(Object.keys(lock.bundles).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(lock.bundles[name]).toMatch(/^[0-9a-f]{64}$/);
      expect(mediapipeTasks[name]).toBe(`/mediapipe/${bundleFiles[name]}`);
    }
  });

  it('reproduces the pinned bytes from the package files, every time', () => {
    const first = buildAll();
    const second = buildAll();
    for (const name of names) {
      expect(sha256(first[name]), name).toBe(lock.bundles[name]);
      expect(sha256(second[name]), name).toBe(lock.bundles[name]);
    }
    expect(readZip(first.hand).map((e) => e.name)).toEqual(['hand_detector.tflite', 'hand_landmarks_detector.tflite']);
    expect(readZip(first.face).map((e) => e.name)).toEqual(['face_detector.tflite', 'face_landmarks_detector.tflite', 'geometry_pipeline_metadata_landmarks.binarypb']);
  });

  it('installed the pinned bundles and the WASM into public/mediapipe', () => {
    for (const name of names) expect(sha256(readFileSync(path.join(outDir, bundleFiles[name]))), name).toBe(lock.bundles[name]);
    for (const file of ['vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm']) {
      expect(existsSync(path.join(outDir, 'wasm', file)), file).toBe(true);
    }
  });

  it('builds into an empty folder, leaves up-to-date bundles alone and rebuilds a corrupted one', () => {
    const out = path.join(scratch, 'out');
    expect(buildBundles({ outDir: out }).sort()).toEqual([...names].sort());
    expect(buildBundles({ outDir: out })).toEqual([]);
    const hand = path.join(out, bundleFiles.hand);
    const bytes = readFileSync(hand);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(hand, bytes);
    expect(buildBundles({ outDir: out })).toEqual(['hand']);
    expect(sha256(readFileSync(hand))).toBe(lock.bundles.hand);
  });

  it('refuses to install a bundle that does not match its pin, and removes the stale file', () => {
    const out = path.join(scratch, 'mismatch');
    const wrongLock = path.join(scratch, 'wrong.lock.json');
    writeFileSync(wrongLock, JSON.stringify({ bundles: { ...lock.bundles, face: '0'.repeat(64) } }));
    buildBundles({ outDir: out });
    expect(() => buildBundles({ outDir: out, lockPath: wrongLock })).toThrow(/face_landmarker\.task built with sha256 ea88[0-9a-f]{60}, but bundles\.lock\.json pins 0{64}/);
    expect(existsSync(path.join(out, bundleFiles.face))).toBe(false);
  });
});
