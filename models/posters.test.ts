// The committed posters (public/products/<id>.webp) are rendered from the current model sources:
// models/posters.lock.json records the hash of each model's generator inputs at render time.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoProducts } from '../server/domain/seed';
import { productModels } from './catalog';
import { inputsHash, maxPosterBytes, postersDir, readLock } from './poster-inputs';

describe('posters', () => {
  it('every model has a generator file and is hashed with the shared code', () => {
    expect(productModels.map((m) => m.productId)).toEqual(demoProducts.map((p) => p.id));
    const hashes = productModels.map((m) => inputsHash(m.productId));
    expect(new Set(hashes).size).toBe(hashes.length);
    hashes.forEach((h) => expect(h).toMatch(/^[0-9a-f]{64}$/));
  });

  it.each(demoProducts.map((p) => p.id))('%s: its poster matches the current model sources', (id) => {
    const lock = readLock();
    const recorded = lock?.posters[id];
    expect(recorded === inputsHash(id), `the poster of ${id} is older than its model: run npm run build:posters`).toBe(true);
  });

  it.each(demoProducts.map((p) => p.id))('%s: its poster is a small 800×800 webp', async (id) => {
    const file = path.join(postersDir, `${id}.webp`);
    expect(fs.existsSync(file), `${file} is missing: run npm run build:posters`).toBe(true);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(maxPosterBytes);
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 800, 800]);
    // Not a blank picture: a model was drawn over the background.
    const { channels } = await sharp(file).stats();
    expect(Math.max(...channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(8);
  });
});
