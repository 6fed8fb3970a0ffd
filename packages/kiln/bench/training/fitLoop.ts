// Benchmark: Kiln's fit() (uint8 images converted to float32 batch by batch, seeded shuffles)
// against tfjs' own model.fit() on the whole set materialized as float32 tensors, with the same
// model, data, batch size and epochs, in the same run. Prints images/s of each and their ratio.
//
//   node --import tsx packages/kiln/bench/training/fitLoop.ts [--images 2048] [--epochs 2] [--batch-size 128] [--backend NAME]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { imageSetToTensors, type ImageSet } from '../../src/data/index.js';
import { buildConvnet, type ConvnetSpec } from '../../src/models/index.js';
import { fit } from '../../src/training/index.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '2048' },
    epochs: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '128' },
    backend: { type: 'string' },
  },
});
const count = Number(values.images);
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);
tf.enableProdMode();
const backend = await setupBackend(values.backend);

// A small convnet on Fashion-MNIST-sized images, so the loop's own cost is visible.
const spec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [8], maxPooling: true }],
  batchNormalization: false,
  head: 'flatten',
  dense: [{ units: 32 }],
  optimizer: { name: 'rmsprop' },
};
const set: ImageSet = {
  images: Uint8Array.from({ length: count * 28 * 28 }, (_, i) => (i * 2654435761) >>> 24),
  labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
  count,
  height: 28,
  width: 28,
  channels: 1,
};
const build = () => buildConvnet(spec, { inputShape: [28, 28, 1], numClasses: 10, seed: 1 });

async function imagesPerSecond(train: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await train();
  return (count * epochs) / ((performance.now() - started) / 1000);
}

// Warm up kernels once so neither side pays for first-use compilation.
await fit(build(), set, { epochs: 1, batchSize, verbose: 0 });

// Alternate the two, several rounds, and keep each one's best: the machine is shared, so the
// best of a few runs is the least disturbed measure.
const { x, y } = imageSetToTensors(set, 10);
let baseline = 0;
let kiln = 0;
for (let round = 0; round < 3; round++) {
  const baselineModel = build();
  baseline = Math.max(
    baseline,
    await imagesPerSecond(() => baselineModel.fit(x, y, { epochs, batchSize, shuffle: true, verbose: 0 })),
  );
  const kilnModel = build();
  kiln = Math.max(kiln, await imagesPerSecond(() => fit(kilnModel, set, { epochs, batchSize, verbose: 0, seed: 1 })));
}
tf.dispose([x, y]);

console.log(`backend ${backend}, ${count} images 28x28x1, ${epochs} epochs, batch ${batchSize}`);
console.log(`tfjs model.fit on materialized float32 tensors (baseline): ${baseline.toFixed(1)} images/s`);
console.log(`kiln fit, batch-by-batch from uint8:                      ${kiln.toFixed(1)} images/s`);
console.log(`ratio kiln / baseline: ${(kiln / baseline).toFixed(2)}`);
