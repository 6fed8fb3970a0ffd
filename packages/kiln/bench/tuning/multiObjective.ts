// Multi-objective tuning quality: Kiln's NSGA-II and multi-objective TPE against Optuna 3.1's
// NSGAIISampler and TPESampler (MOTPE) on the bi-objective problems of multiObjectiveProblems.ts, in
// the same run; run by hand or by `npm run bench -- tuning`:
//   node --import tsx packages/kiln/bench/tuning/multiObjective.ts [--seeds 10] [--trials 100]
//        [--processes 2] [--python /usr/bin/python3]
// Each cell is the median (and min..max) over seeds of the hypervolume of the COMPLETE trials' values
// after --trials trials, every sampler's front measured by the same function against the problem's
// reference point (higher is better). Every sampler runs with its default settings.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { hypervolume } from '../../src/tuning/multiObjective/hypervolume.js';
import { toLosses } from '../../src/tuning/multiObjective/dominance.js';
import type { Sampler } from '../../src/tuning/samplers/base.js';
import { NSGAIISampler } from '../../src/tuning/samplers/nsgaII/sampler.js';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import { TPESampler } from '../../src/tuning/samplers/tpe/sampler.js';
import { createStudy } from '../../src/tuning/study.js';
import { multiObjectiveProblems, type MultiObjectiveProblem } from './multiObjectiveProblems.js';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '100' },
    processes: { type: 'string', default: '2' },
    python: { type: 'string', default: process.env['KILN_BENCH_PYTHON'] ?? '/usr/bin/python3' },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const nTrials = Number(args.trials);
const script = join(dirname(fileURLToPath(import.meta.url)), 'optuna_multi_objective.py');
const run = promisify(execFile);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function volumeOf(problem: MultiObjectiveProblem, values: readonly (readonly number[])[]): number {
  return hypervolume(
    values.map((v) => toLosses(v, problem.directions)),
    problem.referencePoint,
  );
}

async function kilnVolume(problem: MultiObjectiveProblem, sampler: Sampler): Promise<number> {
  const study = await createStudy({ directions: problem.directions, sampler });
  await study.optimize(problem.objective, { nTrials });
  return volumeOf(
    problem,
    study.trials.flatMap((t) => (t.state === 'COMPLETE' && t.values !== null ? [t.values] : [])),
  );
}

/** Optuna's hypervolume per seed, or null (with the reason printed) when Optuna cannot run here. */
async function optunaVolumes(problem: MultiObjectiveProblem, sampler: string): Promise<number[] | null> {
  try {
    const { stdout } = await run(
      args.python!,
      [script, problem.name, sampler, seeds.join(','), String(nTrials), args.processes!],
      { maxBuffer: 1 << 26 },
    );
    return (JSON.parse(stdout) as { values: number[][][] }).values.map((values) => volumeOf(problem, values));
  } catch (error) {
    console.log(`  (Optuna unavailable through ${args.python}: ${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}

const kilnSamplers: ReadonlyArray<[string, (seed: number) => Sampler]> = [
  ['Kiln NSGA-II', (seed) => new NSGAIISampler({ seed })],
  ['Kiln MOTPE', (seed) => new TPESampler({ seed })],
  ['Kiln random', (seed) => new RandomSampler({ seed })],
];
const optunaSamplers: ReadonlyArray<[string, string]> = [
  ['Optuna NSGA-II', 'nsga2'],
  ['Optuna MOTPE', 'tpe'],
];

const cell = (volumes: readonly number[] | null): string =>
  volumes === null
    ? 'n/a'
    : `${median(volumes).toFixed(3)} (${Math.min(...volumes).toFixed(2)}..${Math.max(...volumes).toFixed(2)})`;

console.log(
  `\nMulti-objective: hypervolume after ${nTrials} trials, median (min..max) over ${seeds.length} seeds, default settings (higher is better)`,
);
const columns = [...kilnSamplers.map(([label]) => label), ...optunaSamplers.map(([label]) => label)];
console.log(`${'problem'.padEnd(15)}${'reference'.padEnd(11)}${columns.map((c) => c.padStart(22)).join('')}`);
for (const problem of multiObjectiveProblems) {
  // Optuna's runs go on in Python while Kiln's run here, one sampler after the other.
  const optuna = optunaSamplers.reduce<Promise<Array<number[] | null>>>(
    (chain, [, name]) => chain.then(async (done) => [...done, await optunaVolumes(problem, name)]),
    Promise.resolve([]),
  );
  const kiln: number[][] = [];
  for (const [, make] of kilnSamplers) {
    const volumes: number[] = [];
    for (const seed of seeds) volumes.push(await kilnVolume(problem, make(seed)));
    kiln.push(volumes);
  }
  const cells = [...kiln, ...(await optuna)].map(cell);
  console.log(
    `${problem.name.padEnd(15)}${`(${problem.referencePoint.join(', ')})`.padEnd(11)}${cells.map((c) => c.padStart(22)).join('')}`,
  );
}
