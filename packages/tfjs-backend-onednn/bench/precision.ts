// Mixed precision's speed: training steps in bfloat16 (setPrecision('bfloat16')) against float32,
// in the same run, on the chapter's regular convnet (batch 128) and the cifar-fast recipe's model
// (batch 512), and the three passes of one convolution alone. Steps alternate A B B A round by
// round, so drift of the shared host's speed falls on both sides alike; each figure is the median
// over rounds of that round's ratio float32 time / bfloat16 time (above 1: bfloat16 is faster).
//   npm run bench -w tfjs-backend-onednn -- ... or: node --import tsx bench/precision.ts [--rounds 8 --models regular,cifar-fast]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { getPrecision, nativeAddon, setPrecision, supportsBfloat16, type Precision } from 'tfjs-backend-onednn';
import { categoricalCrossentropy } from '../../kiln/src/losses/index.js';
import { buildModel, fuseLayers } from '../../kiln/src/models/index.js';
import { SgdOptimizer } from '../../kiln/src/optimizers/index.js';
import { buildCifarFastModel } from '../../kiln/src/recipes/index.js';
import { measure, median, type Cost } from './timing.js';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    models: { type: 'string', default: 'regular,cifar-fast' },
  },
});
const rounds = Number(options.rounds);
const modelNames = options.models.split(',');

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Runs `step` in each precision per round, A B then B A, and prints the medians. */
async function compare(label: string, images: number, warmUp: number, step: () => Promise<void> | void): Promise<void> {
  const timed = async (precision: Precision): Promise<Cost> => {
    setPrecision(precision);
    return measure(step);
  };
  // The first step of each precision builds its primitives; the next settle the heap and V8.
  for (let i = 0; i < warmUp; i++) for (const precision of ['float32', 'bfloat16'] as const) await timed(precision);
  const pairs: Array<{ float32: Cost; bfloat16: Cost }> = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const float32 = await timed('float32');
      pairs.push({ float32, bfloat16: await timed('bfloat16') });
    } else {
      const bfloat16 = await timed('bfloat16');
      pairs.push({ bfloat16, float32: await timed('float32') });
    }
  }
  setPrecision('float32');
  const f32 = median(pairs.map((p) => p.float32.wallMs));
  const bf16 = median(pairs.map((p) => p.bfloat16.wallMs));
  const speedUp = median(pairs.map((p) => p.float32.wallMs / p.bfloat16.wallMs));
  const cpuSpeedUp = median(pairs.map((p) => p.float32.cpuMs / p.bfloat16.cpuMs));
  const cells = [
    label.padEnd(34),
    f32.toFixed(0).padStart(12),
    bf16.toFixed(0).padStart(12),
    images > 0 ? ((images * 1000) / f32).toFixed(0).padStart(12) : '-'.padStart(12),
    images > 0 ? ((images * 1000) / bf16).toFixed(0).padStart(12) : '-'.padStart(12),
    `${speedUp.toFixed(2)}x`.padStart(12),
    `${cpuSpeedUp.toFixed(2)}x`.padStart(12),
  ];
  console.log(cells.join(''));
}

/** A model with its random batch, compiled as it trains. */
function trainee(name: string): { model: tfl.LayersModel; batch: number } {
  if (name === 'cifar-fast') {
    // As trainCifarFast compiles it (its schedule aside: the learning rate does not change a step's cost).
    const model = buildCifarFastModel({ seed: 1 });
    fuseLayers(model);
    model.compile({
      optimizer: new SgdOptimizer({ learningRate: 0.1, momentum: 0.85, nesterov: true, weightDecay: 9e-3 }),
      loss: categoricalCrossentropy({ labelSmoothing: 0.2 }),
    });
    return { model, batch: 512 };
  }
  return { model: buildModel(name, { seed: 1 }), batch: 128 };
}

await tf.setBackend('onednn');
if (!supportsBfloat16()) {
  console.log('precision bench: this CPU has no native bfloat16 (AVX512_BF16 or AMX); nothing to compare');
  process.exit(0);
}
const { version, threads } = nativeAddon().info();
console.log(`oneDNN ${version}, ${threads} threads; load average at start ${load()}`);
console.log(`${rounds} rounds of one float32 and one bfloat16 step each (A B, then B A); medians over rounds\n`);
console.log(
  ['', 'f32 ms', 'bf16 ms', 'f32 img/s', 'bf16 img/s', 'bf16 speed', 'per cpu-s']
    .map((h, i) => (i === 0 ? h.padEnd(34) : h.padStart(12)))
    .join(''),
);

// One convolution's three passes alone: the 3x3, 64 to 64 channels, 16x16 maps, batch 128.
{
  const [n, size, channels] = [128, 16, 64];
  const geometry = [n, size, size, channels, size, size, channels, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0];
  const random = (length: number) => Float32Array.from({ length }, () => Math.random() * 2 - 1);
  const x = random(n * size * size * channels);
  const filter = random(9 * channels * channels);
  const dy = random(n * size * size * channels);
  const out = new Float32Array(x.length);
  const dFilter = new Float32Array(filter.length);
  const addon = nativeAddon();
  const bf16 = (): boolean => getPrecision() === 'bfloat16';
  await compare('conv 3x3 64->64 16x16 b128 forward', 0, 2, () =>
    addon.convForward(x, filter, null, out, geometry, false, bf16()),
  );
  await compare('  backward data', 0, 2, () => addon.convBackwardData(dy, filter, out, geometry, bf16()));
  await compare('  backward filter', 0, 2, () => addon.convBackwardWeights(x, dy, dFilter, geometry, bf16()));
}

for (const name of modelNames) {
  const { model, batch } = trainee(name);
  const [x, y] = tf.tidy(() => [
    tf.randomUniform([batch, 32, 32, 3]),
    tf.cast(tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10), 'float32'),
  ]);
  await compare(`${name} training step, batch ${batch}`, batch, 3, async () => {
    await model.trainOnBatch(x!, y!);
  });
  model.dispose();
  tf.dispose([x!, y!]);
}
console.log(`\nload average at end ${load()} (2 cores; figures under load > 2 are shared-host figures)`);
