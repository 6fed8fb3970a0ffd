// Storage overhead, run by hand (not a test):
//   node --import tsx packages/kiln/bench/tuning/storages.ts [--trials N] [--postgres URL]
// Runs the same study (RandomSampler, a trivial objective reporting 5 intermediate values) on each
// storage and prints milliseconds per trial, and each storage's ratio to InMemoryStorage measured in
// the same run. PostgreSQL is included when --postgres (or KILN_TEST_POSTGRES_URL) names a server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import type { Storage } from '../../src/tuning/storages/base.js';
import { storageFromUrl } from '../../src/tuning/storages/fromUrl.js';
import { createStudy } from '../../src/tuning/study.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '200' },
    postgres: { type: 'string', default: process.env['KILN_TEST_POSTGRES_URL'] },
  },
});
const trials = Number(values.trials);
const folder = mkdtempSync(join(tmpdir(), 'kiln-bench-storages-'));

async function msPerTrial(storage: Storage): Promise<number> {
  const study = await createStudy({
    storage,
    studyName: `bench-${Date.now()}`,
    sampler: new RandomSampler({ seed: 0 }),
  });
  const started = performance.now();
  await study.optimize(
    async (trial) => {
      const x = await trial.suggestFloat('x', -1, 1);
      const units = await trial.suggestInt('units', 16, 256, { log: true });
      for (let step = 0; step < 5; step++) await trial.report(x * x + units / (step + 1), step);
      return x * x;
    },
    { nTrials: trials },
  );
  const elapsed = performance.now() - started;
  await storage.close();
  return elapsed / trials;
}

const urls: Array<[string, string]> = [
  ['memory', 'memory:'],
  ['sqlite', `sqlite://${join(folder, 'bench.db')}`],
];
if (values.postgres) urls.push(['postgres', values.postgres]);
try {
  const results: Array<[string, number]> = [];
  for (const [name, url] of urls) results.push([name, await msPerTrial(await storageFromUrl(url))]);
  const baseline = results[0]![1];
  console.log(`${trials} trials each, 2 params and 5 intermediate values per trial`);
  for (const [name, ms] of results)
    console.log(`${name.padEnd(9)} ${ms.toFixed(2).padStart(8)} ms/trial  x${(ms / baseline).toFixed(1)} vs memory`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
