// Kiln's TPE against random search and against Optuna 3.1's TPE, then the cost per trial; run by hand
// (not a test):
//   node --import tsx packages/kiln/bench/tuning/run.ts [--seeds 10] [--trials 60] [--overhead-trials 500]
//        [--python /usr/bin/python3] [--only quality|overhead]
// Quality: median over seeds of the best value after --trials trials, per test function (testFunctions.ts;
// optuna_bench.py runs the same functions in Optuna in the same run). Overhead: mean milliseconds per
// trial of a trivial ten-parameter objective under TPE, in memory and on SQLite, beside Optuna's.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import { TPESampler } from '../../src/tuning/samplers/tpe/sampler.js';
import type { Sampler } from '../../src/tuning/samplers/base.js';
import { createStudy, type Objective } from '../../src/tuning/study.js';
import { testFunctions, trivialObjective } from './testFunctions.js';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '60' },
    'overhead-trials': { type: 'string', default: '500' },
    python: { type: 'string', default: process.env['KILN_BENCH_PYTHON'] ?? '/usr/bin/python3' },
    only: { type: 'string' },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const nTrials = Number(args.trials);
const overheadTrials = Number(args['overhead-trials']);
const optunaScript = join(dirname(fileURLToPath(import.meta.url)), 'optuna_bench.py');
const run = promisify(execFile);

/** Optuna's result as JSON, or null (with the reason printed) when Optuna cannot run here. */
async function optuna<T>(...scriptArgs: string[]): Promise<T | null> {
  try {
    const { stdout } = await run(args.python!, [optunaScript, ...scriptArgs], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as T;
  } catch (error) {
    console.log(`  (Optuna unavailable through ${args.python}: ${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const cell = (value: number | null, width = 14): string =>
  (value === null ? 'n/a' : value.toPrecision(6)).padStart(width);

async function bestValue(sampler: Sampler, objective: Objective): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study.bestValue;
}

async function quality(): Promise<void> {
  console.log(
    `\nQuality: median over ${seeds.length} seeds of the best value after ${nTrials} trials (lower is better)`,
  );
  console.log(
    '(Kiln TPE is the default, multivariate; "independent" is multivariate: false, the algorithm of Optuna\'s default.)',
  );
  console.log(
    `${'function'.padEnd(16)}${'minimum'.padStart(14)}${'Kiln TPE'.padStart(14)}${'independent'.padStart(14)}${'Kiln random'.padStart(14)}${'Optuna TPE'.padStart(14)}  TPE<random  Kiln<=Optuna`,
  );
  for (const fn of testFunctions) {
    const tpe: number[] = [];
    const independent: number[] = [];
    const random: number[] = [];
    for (const seed of seeds) {
      tpe.push(await bestValue(new TPESampler({ seed }), fn.objective));
      independent.push(await bestValue(new TPESampler({ seed, multivariate: false }), fn.objective));
      random.push(await bestValue(new RandomSampler({ seed }), fn.objective));
    }
    const theirs = await optuna<{ best: number[] }>('quality', fn.name, seeds.join(','), String(nTrials));
    const kiln = median(tpe);
    const optunaMedian = theirs === null ? null : median(theirs.best);
    const beatsRandom = kiln < median(random) ? 'yes' : 'NO';
    const matchesOptuna = optunaMedian === null ? 'n/a' : kiln <= optunaMedian ? 'yes' : 'NO';
    console.log(
      `${fn.name.padEnd(16)}${cell(fn.minimum)}${cell(kiln)}${cell(median(independent))}${cell(median(random))}${cell(optunaMedian)}  ${beatsRandom.padEnd(10)}  ${matchesOptuna}`,
    );
  }
}

async function kilnMsPerTrial(storage?: string): Promise<number> {
  const study = await createStudy({ storage, sampler: new TPESampler({ seed: 0 }) });
  const started = performance.now();
  await study.optimize(trivialObjective, { nTrials: overheadTrials });
  const ms = (performance.now() - started) / overheadTrials;
  await study.storage.close();
  return ms;
}

async function overhead(): Promise<void> {
  console.log(
    `\nOverhead: mean ms per trial over ${overheadTrials} TPE trials of a trivial 10-parameter objective (lower is better)`,
  );
  console.log(`${'storage'.padEnd(10)}${'Kiln'.padStart(12)}${'Optuna'.padStart(12)}${'Optuna/Kiln'.padStart(14)}`);
  const folder = mkdtempSync(join(tmpdir(), 'kiln-bench-tuning-'));
  try {
    const storages: Array<[string, string | undefined, string]> = [
      ['memory', undefined, 'memory'],
      // Both get an absolute path: Kiln's sqlite:/abs/path, SQLAlchemy's sqlite:////abs/path.
      ['sqlite', `sqlite:${join(folder, 'kiln.db')}`, `sqlite:///${join(folder, 'optuna.db')}`],
    ];
    for (const [label, kilnStorage, optunaStorage] of storages) {
      const kiln = await kilnMsPerTrial(kilnStorage);
      const theirs = await optuna<{ msPerTrial: number }>('overhead', optunaStorage, String(overheadTrials));
      const ratio = theirs === null ? 'n/a' : `${(theirs.msPerTrial / kiln).toFixed(1)}x`;
      console.log(
        `${label.padEnd(10)}${kiln.toFixed(2).padStart(12)}${(theirs?.msPerTrial.toFixed(2) ?? 'n/a').padStart(12)}${ratio.padStart(14)}`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (args.only !== 'overhead') await quality();
if (args.only !== 'quality') await overhead();
