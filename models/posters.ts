// `npm run build:posters`: renders each product's model (its default variant) in Debian's Chromium
// and writes the small poster pictures the shop shows, public/products/<id>.webp, plus
// models/posters.lock.json with a hash of each model's generator inputs, so a test can tell when a
// poster is older than its model. Run by hand after changing a model; install and start never need it.
//   npx tsx models/posters.ts [--only id,id] [--out dir] [--variants]
// --out writes previews elsewhere and leaves the lock alone; --variants renders every look too.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import sharp from 'sharp';
import { chromiumArgs, chromiumPath } from '../e2e/support';
import { buildModels } from './build';
import { productModels } from './catalog';
import { inputsHash, lockPath, maxPosterBytes, postersDir, readLock, type PostersLock } from './poster-inputs';

const modelsDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(modelsDir, '..');
const posterPx = 800;

const contentTypes: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.glb': 'model/gltf-binary', '.json': 'application/json' };

/** A loopback server for the renderer page, three from node_modules and the freshly built models. */
function serve(builtDir: string): Promise<http.Server> {
  const roots: [string, string][] = [
    ['/three/', path.join(repoRoot, 'node_modules/three/')],
    ['/models/', builtDir + path.sep],
    ['/', path.join(modelsDir, 'posters') + path.sep],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname === '/' ? '/page.html' : decodeURIComponent(url.pathname);
    const [prefix, dir] = roots.find(([p]) => pathname.startsWith(p))!;
    const file = path.resolve(dir, pathname.slice(prefix.length));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    fs.readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Encodes the screenshot as a webp under the size budget, lowering quality only when needed. */
async function toWebp(png: Buffer): Promise<Buffer> {
  const resized = sharp(png).resize(posterPx, posterPx, { kernel: 'lanczos3' });
  for (const quality of [90, 82, 74, 66, 58, 50]) {
    const webp = await resized.clone().webp({ quality, effort: 6, smartSubsample: true }).toBuffer();
    if (webp.length <= maxPosterBytes || quality === 50) return webp;
  }
  throw new Error('unreachable');
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : null;
  const outDir = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]!) : postersDir;
  const allVariants = args.includes('--variants');
  // Hash the inputs before building, so an edit made while rendering does not pass as rendered.
  const hashes = new Map(productModels.map((m) => [m.productId, inputsHash(m.productId)]));
  const builtDir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-shop-posters-'));
  const manifest = await buildModels(builtDir);
  const server = await serve(builtDir);
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    // Rendered at 1.5× and scaled down: smoother edges than SwiftShader's antialiasing alone.
    const page = await browser.newPage({ viewport: { width: posterPx, height: posterPx }, deviceScaleFactor: 1.5 });
    page.on('pageerror', (error) => console.error(`poster page: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    // SwiftShader compiles shaders on a shared CPU: give the first load time.
    await page.waitForFunction(() => (window as unknown as { posterReady?: boolean }).posterReady === true, null, { timeout: 180_000 });
    page.setDefaultTimeout(180_000);
    await fs.mkdir(outDir, { recursive: true });
    for (const entry of manifest.models) {
      if (only && !only.includes(entry.productId)) continue;
      const looks = allVariants ? [...new Set(Object.values(entry.variants).map((v) => v.gltfVariant))] : [null];
      for (const look of looks) {
        await page.evaluate(([e, v]) => (window as unknown as { renderPoster: (e: unknown, v: string | null) => Promise<unknown> }).renderPoster(e, v), [entry, look] as const);
        const webp = await toWebp(await page.screenshot({ type: 'png' }));
        const name = look ? `${entry.productId}--${look}.webp` : `${entry.productId}.webp`;
        await fs.writeFile(path.join(outDir, name), webp);
        console.log(`poster ${name}: ${(webp.length / 1024).toFixed(1)} kB`);
      }
    }
  } finally {
    await browser.close();
    server.close();
    await fs.rm(builtDir, { recursive: true, force: true });
  }
  if (outDir === postersDir) {
    const previous = readLock()?.posters ?? {};
    const posters: Record<string, string> = {};
    for (const model of productModels) {
      posters[model.productId] = !only || only.includes(model.productId) ? hashes.get(model.productId)! : (previous[model.productId] ?? '');
    }
    const lock: PostersLock = { note: 'sha256 of each model\'s generator inputs when its poster was rendered; run npm run build:posters after changing a model', posters };
    await fs.writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
