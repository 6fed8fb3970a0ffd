// Kiln's TPE against random search and against Optuna 3.1's TPE, then the cost per trial; run by hand
// (not a test):
//   node --import tsx packages/kiln/bench/tuning/run.ts [--seeds 30] [--first-seed 1] [--checkpoints 30,60,100]
//        [--functions sphere5,mixed] [--tpe '{"group":true}'] [--processes 2] [--overhead-trials 500] [--overhead-repeats 3]
//        [--optuna-cache FILE] [--python /usr/bin/python3] [--only quality|overhead] [--kiln-only]
// Quality: per test function (testFunctions.ts; optuna_bench.py runs the same functions in Optuna in
// the same run), the median and mean over seeds of the best value after each checkpoint's number of
// trials, for Kiln's TPE (default settings, or --tpe's options), Kiln's random search, and Optuna's TPE
// by default and with multivariate=True, group=True. Optuna runs in --processes Python processes while
// Kiln runs here. Overhead: mean milliseconds per trial of a trivial ten-parameter objective under
// TPE, in memory and on SQLite, beside Optuna's: the median of --overhead-repeats studies each, Kiln's
// and Optuna's taking turns so that the host's noise falls on both. --optuna-cache keeps Optuna's quality results in a
// JSON file and reuses them on the next run with the same function, variant, seeds and checkpoints
// (for trying Kiln settings without waiting for Optuna again). --first-seed starts the seeds elsewhere
// than 1 (--seeds 30 --first-seed 31: seeds 31-60); --kiln-only leaves Optuna out of the quality run.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import { TPESampler, type TPESamplerOptions } from '../../src/tuning/samplers/tpe/sampler.js';
import type { Sampler } from '../../src/tuning/samplers/base.js';
import { createStudy, type Objective } from '../../src/tuning/study.js';
import { testFunctions, trivialObjective } from './testFunctions.js';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '30' },
    'first-seed': { type: 'string', default: '1' },
    checkpoints: { type: 'string', default: '30,60,100' },
    functions: { type: 'string' },
    tpe: { type: 'string', default: '{}' },
    processes: { type: 'string', default: '2' },
    'optuna-cache': { type: 'string' },
    'overhead-trials': { type: 'string', default: '500' },
    'overhead-repeats': { type: 'string', default: '3' },
    python: { type: 'string', default: process.env['KILN_BENCH_PYTHON'] ?? '/usr/bin/python3' },
    only: { type: 'string' },
    'kiln-only': { type: 'boolean', default: false },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + Number(args['first-seed']));
const checkpoints = args.checkpoints!.split(',').map(Number);
const nTrials = Math.max(...checkpoints);
const tpeOptions = JSON.parse(args.tpe!) as TPESamplerOptions;
const selected = args.functions?.split(',');
const overheadTrials = Number(args['overhead-trials']);
const overheadRepeats = Number(args['overhead-repeats']);
const optunaScript = join(dirname(fileURLToPath(import.meta.url)), 'optuna_bench.py');
const run = promisify(execFile);

/** Optuna's result as JSON, or null (with the reason printed) when Optuna cannot run here. */
async function optuna<T>(...scriptArgs: string[]): Promise<T | null> {
  try {
    const { stdout } = await run(args.python!, [optunaScript, ...scriptArgs], { maxBuffer: 1 << 24 });
    return JSON.parse(stdout) as T;
  } catch (error) {
    console.log(`  (Optuna unavailable through ${args.python}: ${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}

/** Optuna's quality results for one function and variant, from --optuna-cache when it has them. */
async function optunaQuality(name: string, variant: string): Promise<{ best: number[][] } | null> {
  if (args['kiln-only']) return null;
  const scriptArgs = ['quality', name, variant, seeds.join(','), checkpoints.join(','), args.processes!];
  const key = scriptArgs.slice(1, 5).join(' ');
  const file = args['optuna-cache'];
  const cache = (file !== undefined && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<
    string,
    { best: number[][] }
  >;
  if (cache[key] !== undefined) return cache[key];
  const result = await optuna<{ best: number[][] }>(...scriptArgs);
  if (file !== undefined && result !== null) {
    const latest = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...latest, [key]: result }));
  }
  return result;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const cell = (value: number | null, width = 11): string =>
  (value === null ? 'n/a' : value.toPrecision(4)).padStart(width);

/** One seed's study: the best value after each checkpoint's number of trials. */
async function bestSoFar(sampler: Sampler, objective: Objective): Promise<number[]> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  const values = study.trials.map((t) => t.value ?? Infinity);
  return checkpoints.map((n) => Math.min(...values.slice(0, n)));
}

/** Per checkpoint, the values over seeds. */
const byCheckpoint = (perSeed: readonly number[][]): number[][] =>
  checkpoints.map((_, c) => perSeed.map((bests) => bests[c]!));

async function quality(): Promise<void> {
  const functions = testFunctions.filter((fn) => selected === undefined || selected.includes(fn.name));
  console.log(
    `\nQuality: best value after ${checkpoints.join(', ')} trials, median / mean over ${seeds.length} seeds (lower is better)`,
  );
  console.log(
    `Kiln TPE options: ${JSON.stringify(tpeOptions)}; Optuna mv+group is TPESampler(multivariate=True, group=True)`,
  );
  const columns = ['Kiln TPE', 'Kiln random', 'Optuna TPE', 'Optuna mv+group'];
  console.log(
    `${'function'.padEnd(16)}${'trials'.padStart(7)}${columns.map((c) => `${c}: median`.padStart(23) + 'mean'.padStart(11)).join('')}  Kiln<=best Optuna (median)`,
  );
  // Optuna's runs go on in Python while Kiln's run here; one Python process at a time, its seeds in --processes.
  let optunaChain: Promise<unknown> = Promise.resolve();
  const optunaRuns = functions.map((fn) =>
    ['default', 'multivariate-group'].map((variant) => {
      const result = optunaChain.then(() => optunaQuality(fn.name, variant));
      optunaChain = result;
      return result;
    }),
  );
  for (const [f, fn] of functions.entries()) {
    const tpe: number[][] = [];
    const random: number[][] = [];
    for (const seed of seeds) {
      tpe.push(await bestSoFar(new TPESampler({ ...tpeOptions, seed }), fn.objective));
      random.push(await bestSoFar(new RandomSampler({ seed }), fn.objective));
    }
    const [plain, grouped] = await Promise.all(optunaRuns[f]!);
    const series = [tpe, random, plain?.best ?? null, grouped?.best ?? null].map((s) =>
      s === null ? null : byCheckpoint(s),
    );
    checkpoints.forEach((n, c) => {
      const cells = series.map((s) => (s === null ? [null, null] : [median(s[c]!), mean(s[c]!)]));
      const optunaBest = [cells[2]![0], cells[3]![0]].filter((v): v is number => v !== null);
      const verdict = optunaBest.length === 0 ? 'n/a' : cells[0]![0]! <= Math.min(...optunaBest) ? 'yes' : 'NO';
      console.log(
        `${(c === 0 ? fn.name : '').padEnd(16)}${String(n).padStart(7)}${cells.map(([m, a]) => cell(m, 23) + cell(a)).join('')}  ${verdict}`,
      );
    });
  }
}

async function kilnMsPerTrial(storage: string | undefined, seed: number): Promise<number> {
  const study = await createStudy({ storage, sampler: new TPESampler({ seed }) });
  const started = performance.now();
  await study.optimize(trivialObjective, { nTrials: overheadTrials });
  const ms = (performance.now() - started) / overheadTrials;
  await study.storage.close();
  return ms;
}

async function overhead(): Promise<void> {
  console.log(
    `\nOverhead: mean ms per trial over ${overheadTrials} TPE trials of a trivial 10-parameter objective, median of ${overheadRepeats} studies (lower is better)`,
  );
  console.log(
    `${'storage'.padEnd(10)}${'Kiln'.padStart(12)}${'Optuna'.padStart(12)}${'Optuna/Kiln'.padStart(14)}   each study (Kiln | Optuna)`,
  );
  const folder = mkdtempSync(join(tmpdir(), 'kiln-bench-tuning-'));
  try {
    for (const label of ['memory', 'sqlite']) {
      const kiln: number[] = [];
      const theirs: number[] = [];
      for (let repeat = 0; repeat < overheadRepeats; repeat++) {
        // Both get an absolute path, a new file each study: Kiln's sqlite:/abs/path, SQLAlchemy's sqlite:////abs/path.
        const [kilnStorage, optunaStorage] =
          label === 'memory'
            ? [undefined, 'memory']
            : [`sqlite:${join(folder, `kiln-${repeat}.db`)}`, `sqlite:///${join(folder, `optuna-${repeat}.db`)}`];
        kiln.push(await kilnMsPerTrial(kilnStorage, repeat));
        const optunaRun = await optuna<{ msPerTrial: number }>(
          'overhead',
          optunaStorage,
          String(overheadTrials),
          String(repeat),
        );
        if (optunaRun !== null) theirs.push(optunaRun.msPerTrial);
      }
      const optunaMedian = theirs.length === 0 ? null : median(theirs);
      const ratio = optunaMedian === null ? 'n/a' : `${(optunaMedian / median(kiln)).toFixed(1)}x`;
      const each = `${kiln.map((ms) => ms.toFixed(2)).join(' ')} | ${theirs.map((ms) => ms.toFixed(1)).join(' ')}`;
      console.log(
        `${label.padEnd(10)}${median(kiln).toFixed(2).padStart(12)}${(optunaMedian?.toFixed(2) ?? 'n/a').padStart(12)}${ratio.padStart(14)}   ${each}`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (args.only !== 'overhead') await quality();
if (args.only !== 'quality') await overhead();
