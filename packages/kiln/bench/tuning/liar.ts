// The constant liar, measured (not a test): 4 worker processes share one SQLite study of a 5-D
// sphere. The study first gets its random start-up trials, then the workers start together and
// run TPE with and without `constantLiar`; the figure is the spread of the first 20 points they
// propose: the mean pairwise distance in the unit cube (each parameter scaled to [0, 1]).
//   node --import tsx packages/kiln/bench/tuning/liar.ts [--workers 4] [--points 20] [--repeats 3] [--trial-ms 300]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { RandomSampler } from '../../src/tuning/samplers/random.js';
import { TPESampler } from '../../src/tuning/samplers/tpe/sampler.js';
import { createStudy, loadStudy } from '../../src/tuning/study.js';
import type { Trial } from '../../src/tuning/trial.js';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    points: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '3' },
    'trial-ms': { type: 'string', default: '300' },
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

const sphere = (trialMsToWait: number) => async (trial: Trial) => {
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) sum += ((await trial.suggestFloat(`x${i}`, LOW, HIGH)) - 1) ** 2;
  await sleep(trialMsToWait);
  return sum;
};

if (args.worker !== undefined) {
  // worker: STORAGE,STUDY,SEED,LIAR,START_AT,TRIALS
  const [storage, studyName, seed, liar, startAt, trials] = args.worker.split(',');
  const study = await loadStudy({
    storage: storage!,
    studyName: studyName!,
    sampler: new TPESampler({ seed: Number(seed), constantLiar: liar === '1' }),
  });
  await sleep(Math.max(0, Number(startAt) - Date.now()));
  await study.optimize(sphere(trialMs), { nTrials: Number(trials) });
  await study.storage.close();
  process.exit(0);
}

const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);

/** The mean pairwise distance of the proposed points, and their mean distance to their nearest neighbour. */
async function spread(liar: boolean, repeat: number, folder: string): Promise<[number, number]> {
  const storage = `sqlite:${join(folder, `liar-${liar ? 1 : 0}-${repeat}.db`)}`;
  const studyName = 'liar';
  const setup = await createStudy({ storage, studyName, sampler: new RandomSampler({ seed: 100 + repeat }) });
  await setup.optimize(sphere(0), { nTrials: STARTUP_TRIALS });
  await setup.storage.close();
  // Workers load first, then start together, so their trials overlap as they would in a real study.
  const startAt = Date.now() + 8000;
  const perWorker = Math.ceil(nPoints / nWorkers);
  await Promise.all(
    Array.from({ length: nWorkers }, (_, w) =>
      run(process.execPath, [
        '--import',
        'tsx',
        self,
        '--worker',
        [storage, studyName, 1000 * repeat + w, liar ? 1 : 0, startAt, perWorker].join(','),
        '--trial-ms',
        String(trialMs),
      ]),
    ),
  );
  const study = await loadStudy({ storage, studyName });
  const points = study.trials
    .slice(STARTUP_TRIALS, STARTUP_TRIALS + nPoints)
    .map((t) => Array.from({ length: DIMENSIONS }, (_, i) => ((t.params[`x${i}`] as number) - LOW) / (HIGH - LOW)));
  await study.storage.close();
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
  return [total / pairs, nearest / points.length];
}

const folder = mkdtempSync(join(tmpdir(), 'kiln-bench-liar-'));
try {
  console.log(
    `Constant liar: ${nWorkers} worker processes on one SQLite study (5-D sphere, ${STARTUP_TRIALS} random start-up trials first, ${trialMs} ms a trial);`,
  );
  console.log(
    `the first ${nPoints} TPE points' mean pairwise distance and mean distance to their nearest neighbour, in the unit cube (larger = more spread)`,
  );
  const results: Record<string, Array<[number, number]>> = { without: [], with: [] };
  for (let repeat = 0; repeat < Number(args.repeats); repeat++) {
    results.without!.push(await spread(false, repeat, folder));
    results.with!.push(await spread(true, repeat, folder));
  }
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  for (const [label, runs] of Object.entries(results)) {
    const pairwise = runs.map(([p]) => p);
    const nearest = runs.map(([, n]) => n);
    const list = (xs: number[]): string => xs.map((x) => x.toFixed(3)).join(', ');
    console.log(
      `${`${label} the liar`.padEnd(18)} pairwise ${mean(pairwise).toFixed(3)} (runs ${list(pairwise)})  nearest ${mean(nearest).toFixed(3)} (runs ${list(nearest)})`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
