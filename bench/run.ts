// `npm run bench [-- --only NAME]`: runs the benchmarks, prints a table, writes bench/results/NAME.json.
import fs from 'node:fs';
import path from 'node:path';
import { flashSaleBenchmark } from './flash-sale';
import { liveBenchmark } from './live';
import { modelsBenchmark } from './models';
import { tryOnBenchmark } from './tryon';

const benchmarks: Record<string, () => Promise<Record<string, object | number | null>>> = {
  'flash-sale': flashSaleBenchmark,
  live: liveBenchmark,
  models: modelsBenchmark,
  tryon: tryOnBenchmark,
};

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (only && !benchmarks[only]) {
  console.error(`Unknown benchmark "${only}". Known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}

const outDir = path.resolve('bench/results');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, run] of Object.entries(benchmarks)) {
  if (only && name !== only) continue;
  console.log(`\n# ${name}`);
  const result = await run();
  console.table(result);
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
}
