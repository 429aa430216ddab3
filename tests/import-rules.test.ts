// DESIGN.md §2: who may import whom. A wrong import fails here, in CI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const sourceExt = /\.(ts|tsx)$/;

function filesUnder(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && sourceExt.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [/\bimport\s+(?:type\s+)?[^'"]*?from\s*['"]([^'"]+)['"]/g, /\bexport\s+[^'"]*?from\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs;
}

function resolvedImports(file: string): { spec: string; target: string | null }[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return importsOf(text).map((spec) => ({
    spec,
    target: spec.startsWith('.') ? path.relative(root, path.resolve(root, path.dirname(file), spec)) : null,
  }));
}

function violations(files: string[], rule: (imp: { spec: string; target: string | null }, file: string) => boolean): string[] {
  return files.flatMap((file) => resolvedImports(file).filter((imp) => rule(imp, file)).map((imp) => `${file} imports ${imp.spec}`));
}

const inside = (target: string | null, dir: string) => target !== null && (target === dir || target.startsWith(`${dir}/`));

describe('import rules', () => {
  it('finds imports of every form (the checker itself works)', () => {
    expect(importsOf(`import a from './x';\nimport type { B } from "../y";\nexport * from './z';\nconst c = await import('./w');\nimport './side';`)).toEqual(['./x', '../y', './z', './w', './side']);
  });

  it('client and server never import each other', () => {
    expect(violations(filesUnder('client'), ({ target }) => inside(target, 'server'))).toEqual([]);
    expect(violations(filesUnder('server'), ({ target }) => inside(target, 'client'))).toEqual([]);
  });

  it('common imports nothing but itself and zod', () => {
    expect(
      violations(filesUnder('common').filter((f) => !f.endsWith('.test.ts')), ({ spec, target }) => (target ? !inside(target, 'common') : spec !== 'zod')),
    ).toEqual([]);
  });

  it('domain code imports no Express, Stripe or LiveKit', () => {
    const banned = /^(express|stripe|livekit-server-sdk|livekit-client|@livekit\/)/;
    expect(
      violations(filesUnder('server/domain'), ({ spec, target }) => banned.test(spec) || inside(target, 'server/http')),
    ).toEqual([]);
  });

  it('client features never import each other', () => {
    const features = filesUnder('client/features');
    expect(
      violations(features, ({ target }, file) => {
        const own = file.split('/')[2];
        return inside(target, 'client/features') && target!.split('/')[2] !== own;
      }),
    ).toEqual([]);
  });
});
