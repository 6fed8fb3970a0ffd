// The constant liar, measured (not a test): 4 worker processes share one SQLite study of a 5-D
// sphere. The study first gets its random start-up trials, then the workers start a fraction of a
// trial apart, their trials lasting 0.5 to 1.5 times --trial-ms (seeded), so that each asks while the
// others' trials run, as in a real study; workers started at one instant with equal trials would ask in
// lockstep, when the others' new trials have no parameters yet, and the liar would have nothing to count.
// They run TPE with and without `constantLiar`, then Optuna 3.1's TPESampler with and without
// `constant_liar` the same way (optuna_bench.py); the figure is the spread of the first 20 points they
// propose: the mean pairwise distance in the unit cube (each parameter scaled to [0, 1]), beside how many
// other trials were running when each of those points was asked for.
//   node --import tsx packages/kiln/bench/tuning/liar.ts [--workers 4] [--points 20] [--repeats 3] [--trial-ms 300]
//        [--tpe '{"multivariate":false}'] [--only kiln|optuna] [--python /usr/bin/python3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { SeededRandom } from '../../src/tuning/seededRandom.js';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import { TPESampler, type TPESamplerOptions } from '../../src/tuning/samplers/tpe/sampler.js';
import { createStudy, loadStudy } from '../../src/tuning/study.js';
import type { Trial } from '../../src/tuning/trial.js';
import { readyAndWait, runTogether, startWorker, type WorkerProcess } from './workerProcess.js';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    points: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '3' },
    'trial-ms': { type: 'string', default: '300' },
    python: { type: 'string', default: process.env['KILN_BENCH_PYTHON'] ?? '/usr/bin/python3' },
    // Kiln's TPESampler options besides seed and constantLiar, as JSON.
    tpe: { type: 'string', default: '{}' },
    only: { type: 'string' },
    // Internal: run as one worker process.
    worker: { type: 'string' },
  },
});
const nWorkers = Number(args.workers);
const nPoints = Number(args.points);
const trialMs = Number(args['trial-ms']);
const STARTUP_TRIALS = 10;
const DIMENSIONS = 5;
const LOW = -5;
const HIGH = 5;

/** The objective; it then waits `trialMs()` milliseconds, standing for the training a real trial does. */
const sphere = (trialMs: () => number) => async (trial: Trial) => {
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) sum += ((await trial.suggestFloat(`x${i}`, LOW, HIGH)) - 1) ** 2;
  await sleep(trialMs());
  return sum;
};

if (args.worker !== undefined) {
  // worker: STORAGE,STUDY,SEED,LIAR,OFFSET_MS,TRIALS
  const [storage, studyName, seed, liar, offset, trials] = args.worker.split(',');
  const durations = new SeededRandom(Number(seed));
  const study = await loadStudy({
    storage: storage!,
    studyName: studyName!,
    sampler: new TPESampler({
      ...(JSON.parse(args.tpe!) as TPESamplerOptions),
      seed: Number(seed),
      constantLiar: liar === '1',
    }),
  });
  await readyAndWait();
  await sleep(Number(offset));
  await study.optimize(
    sphere(() => durations.uniform(0.5 * trialMs, 1.5 * trialMs)),
    { nTrials: Number(trials) },
  );
  await study.storage.close();
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const optunaScript = join(dirname(self), 'optuna_bench.py');
const perWorker = Math.ceil(nPoints / nWorkers);
/** Worker w starts w / nWorkers of a trial after the first, so that the workers ask at different moments. */
const offsetOf = (w: number): number => Math.round((w * trialMs) / nWorkers);

/** A trial as both libraries' storages give it back: its parameters and when it started and ended (epoch ms). */
interface StoredTrial {
  readonly number: number;
  readonly params: Record<string, number>;
  readonly start: number;
  readonly complete: number | null;
}

interface Spread {
  /** Mean pairwise distance of the first nPoints points after the start-up trials. */
  readonly pairwise: number;
  /** Their mean distance to their nearest neighbour among them. */
  readonly nearest: number;
  /** How many other trials were running, on average, when each of them started. */
  readonly overlapping: number;
}

function spreadOf(trials: readonly StoredTrial[]): Spread {
  const measured = [...trials].sort((a, b) => a.number - b.number).slice(STARTUP_TRIALS, STARTUP_TRIALS + nPoints);
  const points = measured.map((t) =>
    Array.from({ length: DIMENSIONS }, (_, i) => (t.params[`x${i}`]! - LOW) / (HIGH - LOW)),
  );
  const distance = (a: number, b: number): number => Math.hypot(...points[a]!.map((x, i) => x - points[b]![i]!));
  let total = 0;
  let pairs = 0;
  let nearest = 0;
  for (let a = 0; a < points.length; a++) {
    let closest = Infinity;
    for (let b = 0; b < points.length; b++) {
      if (b === a) continue;
      closest = Math.min(closest, distance(a, b));
      if (b > a) {
        total += distance(a, b);
        pairs += 1;
      }
    }
    nearest += closest;
  }
  const overlapping = measured.map(
    (t) => trials.filter((o) => o !== t && o.start < t.start && (o.complete === null || o.complete > t.start)).length,
  );
  return {
    pairwise: total / pairs,
    nearest: nearest / points.length,
    overlapping: overlapping.reduce((sum, n) => sum + n, 0) / overlapping.length,
  };
}

async function kilnSpread(liar: boolean, repeat: number, folder: string): Promise<Spread> {
  const storage = `sqlite:${join(folder, `liar-${liar ? 1 : 0}-${repeat}.db`)}`;
  const studyName = 'liar';
  const setup = await createStudy({ storage, studyName, sampler: new RandomSampler({ seed: 100 + repeat }) });
  await setup.optimize(
    sphere(() => 0),
    { nTrials: STARTUP_TRIALS },
  );
  await setup.storage.close();
  await runTogether(
    Array.from({ length: nWorkers }, (_, w) =>
      startWorker(process.execPath, [
        '--import',
        'tsx',
        self,
        '--worker',
        [storage, studyName, 1000 * repeat + w, liar ? 1 : 0, offsetOf(w), perWorker].join(','),
        '--trial-ms',
        String(trialMs),
        '--tpe',
        args.tpe!,
      ]),
    ),
  );
  const study = await loadStudy({ storage, studyName });
  const trials = study.trials.map((t) => ({
    number: t.number,
    params: t.params as Record<string, number>,
    start: t.datetimeStart!.getTime(),
    complete: t.datetimeComplete?.getTime() ?? null,
  }));
  await study.storage.close();
  return spreadOf(trials);
}

/** Optuna's TPESampler in the same set-up, or null (with the reason printed) when Optuna cannot run here. */
async function optunaSpread(liar: boolean, repeat: number, folder: string): Promise<Spread | null> {
  const storage = `sqlite:///${join(folder, `optuna-liar-${liar ? 1 : 0}-${repeat}.db`)}`;
  const python = (scriptArgs: string[]): WorkerProcess => startWorker(args.python!, [optunaScript, ...scriptArgs]);
  const common = [storage, 'liar', String(STARTUP_TRIALS), String(DIMENSIONS), String(LOW), String(HIGH)];
  try {
    await python(['liar-setup', ...common, String(100 + repeat)]).report;
    await runTogether(
      Array.from({ length: nWorkers }, (_, w) =>
        python([
          'liar-worker',
          ...common,
          String(1000 * repeat + w),
          liar ? '1' : '0',
          String(offsetOf(w)),
          String(perWorker),
          String(trialMs),
        ]),
      ),
    );
    return spreadOf(JSON.parse(await python(['liar-trials', ...common]).report) as StoredTrial[]);
  } catch (error) {
    console.log(`  (Optuna unavailable through ${args.python}: ${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}

const folder = mkdtempSync(join(tmpdir(), 'kiln-bench-liar-'));
try {
  console.log(
    `Constant liar: ${nWorkers} worker processes on one SQLite study (5-D sphere, ${STARTUP_TRIALS} random start-up trials first, ` +
      `${0.5 * trialMs}-${1.5 * trialMs} ms a trial, workers started ${offsetOf(1)} ms apart; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log(
    `the first ${nPoints} TPE points' mean pairwise distance and mean distance to their nearest neighbour, in the unit cube (larger = more spread),`,
  );
  console.log(`and the mean number of other trials running when each of them started; Kiln's TPE options ${args.tpe}`);
  const results = new Map<string, Spread[]>();
  const add = (label: string, spread: Spread | null): void => {
    if (spread !== null) results.set(label, [...(results.get(label) ?? []), spread]);
  };
  for (let repeat = 0; repeat < Number(args.repeats); repeat++) {
    if (args.only !== 'optuna') {
      add('Kiln without the liar', await kilnSpread(false, repeat, folder));
      add('Kiln with the liar', await kilnSpread(true, repeat, folder));
    }
    if (args.only !== 'kiln') {
      add('Optuna without', await optunaSpread(false, repeat, folder));
      add('Optuna constant_liar', await optunaSpread(true, repeat, folder));
    }
  }
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const list = (xs: number[]): string => xs.map((x) => x.toFixed(3)).join(', ');
  for (const [label, runs] of results) {
    const pairwise = runs.map((r) => r.pairwise);
    const nearest = runs.map((r) => r.nearest);
    console.log(
      `${label.padEnd(22)} pairwise ${mean(pairwise).toFixed(3)} (runs ${list(pairwise)})  nearest ${mean(nearest).toFixed(3)} ` +
        `(runs ${list(nearest)})  running at ask ${mean(runs.map((r) => r.overlapping)).toFixed(1)}`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
