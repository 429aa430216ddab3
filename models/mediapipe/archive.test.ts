import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, readFileFromTgz, readZip, writeStoredZip } from './archive';
import { cacheDir } from './build';
import { poseSource, sha256 } from './bundles';
import { tgzOf } from './tar-fixture';

const text = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('gives the standard check value of "123456789" and of the empty input', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('stored ZIP writer', () => {
  const entries = [
    { name: 'hand_detector.tflite', data: text('first model bytes') },
    { name: 'b.bin', data: new Uint8Array(1000).map((_, i) => i % 251) },
    { name: 'empty', data: new Uint8Array() },
  ];

  it('writes entries that read back with their names, bytes and CRCs, stored uncompressed', () => {
    const zip = writeStoredZip(entries);
    const read = readZip(zip);
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    read.forEach((e, i) => {
      expect(e.method).toBe(0);
      expect(Array.from(e.data)).toEqual(Array.from(entries[i]!.data));
      expect(e.crc).toBe(crc32(entries[i]!.data));
      // Stored in place, 16-byte aligned, so a reader can map the model without copying.
      expect(Array.from(zip.subarray(e.dataOffset, e.dataOffset + e.data.length))).toEqual(Array.from(entries[i]!.data));
      expect(e.dataOffset % 16).toBe(0);
    });
  });

  it('is deterministic: the same entries give the same bytes', () => {
    expect(sha256(writeStoredZip(entries))).toBe(sha256(writeStoredZip(entries)));
  });

  it('rejects an archive whose data no longer matches its CRC', () => {
    const zip = writeStoredZip(entries);
    const [first] = readZip(zip);
    zip[first!.dataOffset] = zip[first!.dataOffset]! ^ 0xff;
    expect(() => readZip(zip)).toThrow(/hand_detector\.tflite fails its CRC check/);
  });

  it('rejects bytes that are not a ZIP', () => {
    expect(() => readZip(new Uint8Array(100))).toThrow(/not a ZIP/);
  });

  it("reads Google's own .task bundle from the pose package", () => {
    const task = readFileFromTgz(new Uint8Array(readFileSync(path.join(cacheDir, poseSource.tarball))), poseSource.path);
    expect(readZip(task).map((e) => e.name)).toEqual(['pose_detector.tflite', 'pose_landmarks_detector.tflite']);
  });
});

describe('tarball reader', () => {
  const tgz = tgzOf([
    { name: 'package/package.json', data: text('{"name":"x"}') },
    { name: 'package/assets/model.task', data: new Uint8Array(700).fill(7) },
  ]);

  it('finds a file by its path and returns exactly its bytes', () => {
    const data = readFileFromTgz(tgz, 'package/assets/model.task');
    expect(data.length).toBe(700);
    expect(data.every((b) => b === 7)).toBe(true);
    expect(new TextDecoder().decode(readFileFromTgz(tgz, 'package/package.json'))).toBe('{"name":"x"}');
  });

  it('says so when the file is not there', () => {
    expect(() => readFileFromTgz(tgz, 'package/missing')).toThrow(/package\/missing is not in the tarball/);
  });
});
