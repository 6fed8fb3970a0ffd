// The CIFAR-10 speed run: trains the cifar-fast recipe on all 50,000 training images, tests on the
// official 10,000 after every epoch (averaged weights, test-time augmentation; timed apart from
// training) and prints the training time at which test accuracy first reached 80, 85, 90, 93 and
// 94%, per seed and the median over seeds ("-": not reached in the epochs run).
//
//   npm run bench -- speedrun        (KILN_SPEEDRUN_ARGS="--epochs 2 --seeds 1" for a short run)
//   node --import tsx packages/kiln/bench/training/speedrun.ts [--data PATH] [--epochs 10] [--seeds 3]
//        [--first-seed 1] [--batch-size 512] [--limit N] [--test-limit N] [--without PIECES] [--precision fp32,bf16] [--backend NAME]
// (--first-seed: the seeds run are first-seed .. first-seed + seeds - 1, to add seeds to an earlier run's table.)
// (--precision: the mixed-precision policies to run, each seed in each, fp32 then bf16 within a seed; one
// table each; bf16 only where the CPU has it.)
// (--limit and --test-limit take balanced subsets, and --without whitening,alternating-flip,dirac,lookahead
// turns the recipe's pieces off, for short comparisons; the speed run itself uses none of them.)
import { parseArgs } from 'node:util';

import { setGlobalPolicy, supportsMixedBfloat16 } from '../../src/backend/mixedPrecision.js';
import { setupBackend } from '../../src/backend/select.js';
import { loadCifar10, takeBalancedSubset } from '../../src/data/index.js';
import { trainCifarFast } from '../../src/recipes/index.js';
import { cifarDataOption } from './cifarDataOption.js';

const { values } = parseArgs({
  options: {
    data: cifarDataOption,
    epochs: { type: 'string', default: '10' },
    seeds: { type: 'string', default: '3' },
    'first-seed': { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '512' },
    limit: { type: 'string' },
    'test-limit': { type: 'string' },
    without: { type: 'string', default: '' },
    precision: { type: 'string', default: 'fp32' },
    backend: { type: 'string' },
  },
});
const epochs = Number(values.epochs);
const seeds = Number(values.seeds);
const firstSeed = Number(values['first-seed']);
const batchSize = Number(values['batch-size']);
const thresholds = [0.8, 0.85, 0.9, 0.93, 0.94];
const pieces = {
  whitening: 'whitening',
  'alternating-flip': 'alternatingFlip',
  dirac: 'diracInit',
  lookahead: 'lookahead',
} as const;
const without = values.without.split(',').filter((name) => name !== '');
const unknown = without.filter((name) => !(name in pieces));
if (unknown.length > 0) {
  throw new Error(`--without: unknown piece(s) ${unknown.join(', ')}: choose among ${Object.keys(pieces).join(', ')}`);
}
const piecesOff = Object.fromEntries(without.map((name) => [pieces[name as keyof typeof pieces], false]));

const policies = { fp32: 'float32', bf16: 'mixed_bfloat16' } as const;
const precisions = values.precision.split(',').filter((name) => name !== '');
const unknownPrecision = precisions.filter((name) => !(name in policies));
if (precisions.length === 0 || unknownPrecision.length > 0) {
  throw new Error(`--precision: expected fp32, bf16 or fp32,bf16, got '${values.precision}'`);
}

const backend = await setupBackend(values.backend);
if (precisions.includes('bf16') && !supportsMixedBfloat16()) {
  throw new Error(`--precision bf16 needs the onednn backend on a CPU with native bfloat16 (AVX512_BF16 or AMX)`);
}
const dataset = await loadCifar10({ path: values.data });
const train = values.limit === undefined ? dataset.train : takeBalancedSubset(dataset.train, Number(values.limit), 1);
const test =
  values['test-limit'] === undefined ? dataset.test : takeBalancedSubset(dataset.test, Number(values['test-limit']), 1);
console.log(
  `cifar-fast on ${backend}: ${train.count} training images, ${test.count} test images, batch ${batchSize}, ${epochs} epochs, ${seeds} seed(s)` +
    (without.length > 0 ? `, without ${without.join(', ')}` : ''),
);

const reached = new Map<string, (number | undefined)[][]>(precisions.map((name) => [name, []]));
for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
  for (const precision of precisions) {
    setGlobalPolicy(policies[precision as keyof typeof policies]);
    const result = await trainCifarFast(train, test, {
      epochs,
      batchSize,
      seed,
      ...piecesOff,
      onEpoch: (e) =>
        console.log(
          `${precision} seed ${seed} epoch ${e.epoch + 1}: ${e.trainSeconds.toFixed(1)} s training, train loss ${e.logs.loss.toFixed(4)}, ` +
            `test accuracy ${e.testAccuracy.toFixed(4)} (evaluation ${e.evaluationSeconds.toFixed(1)} s)`,
        ),
    });
    console.log(
      `${precision} seed ${seed}: ${result.imagesPerSecond.toFixed(0)} training images/s, ${result.parameters} parameters`,
    );
    result.model.optimizer.dispose();
    result.model.dispose();
    reached.get(precision)!.push(thresholds.map((t) => result.epochs.find((e) => e.testAccuracy >= t)?.trainSeconds));
  }
}
setGlobalPolicy('float32');

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cell = (s: number | undefined): string => (s === undefined ? '-' : `${(s / 60).toFixed(1)} min`);
console.log(`\n| run | ${thresholds.map((t) => `${Math.round(t * 100)}%`).join(' | ')} |`);
console.log(`| --- | ${thresholds.map(() => '---').join(' | ')} |`);
for (const [precision, rows] of reached) {
  rows.forEach((row, i) => console.log(`| ${precision} seed ${firstSeed + i} | ${row.map(cell).join(' | ')} |`));
  // A median only where every seed reached the threshold.
  const medians = thresholds.map((_, k) => {
    const times = rows.map((row) => row[k]);
    return times.every((t) => t !== undefined) ? median(times as number[]) : undefined;
  });
  console.log(`| ${precision} median | ${medians.map(cell).join(' | ')} |`);
}
