// What a poster depends on: its product's generator file and the code every model shares (the
// builder, the shapes, the build and the poster renderer and script). Hashed into models/posters.lock.json by
// `npm run build:posters` and checked by models/posters.test.ts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const modelsDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(modelsDir, '..');
export const postersDir = path.join(repoRoot, 'public/products');
export const lockPath = path.join(modelsDir, 'posters.lock.json');
export const maxPosterBytes = 60_000;

export interface PostersLock {
  note: string;
  /** productId → sha256 of its inputs when its poster was rendered. */
  posters: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

export function sharedInputs(): string[] {
  return [...filesUnder(path.join(modelsDir, 'lib')), ...filesUnder(path.join(modelsDir, 'posters')), path.join(modelsDir, 'build.ts'), path.join(modelsDir, 'posters.ts')].sort();
}

/** sha256 over the product's generator and the shared code, by repo-relative path and content. */
export function inputsHash(productId: string): string {
  const hash = createHash('sha256');
  for (const file of [path.join(modelsDir, 'products', `${productId}.ts`), ...sharedInputs()]) {
    hash.update(path.relative(repoRoot, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readLock(): PostersLock | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as PostersLock;
  } catch {
    return null;
  }
}
