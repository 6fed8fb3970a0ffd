// Memory over whole epochs of the real CIFAR-10: trains a chapter model on all 50,000 training
// images at batch 128 through Kiln's fit() and prints, after each epoch, its time, tfjs' tensor
// count and the process's RSS (now and peak). Neither may grow from epoch to epoch.
//
//   node --import tsx packages/kiln/bench/training/epochMemory.ts [--data PATH] [--model regular] [--epochs 3] [--backend NAME]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { loadCifar10 } from '../../src/data/index.js';
import { buildModel } from '../../src/models/index.js';
import { fit } from '../../src/training/index.js';
import { cifarBenchOptions } from './cifarBenchOptions.js';

const { values } = parseArgs({
  options: {
    ...cifarBenchOptions,
    epochs: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '128' },
  },
});
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);
const backend = await setupBackend(values.backend);
const { train } = await loadCifar10({ path: values.data });
const model = buildModel(values.model, { seed: 1 });

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
console.log(`${values.model} on ${backend}: ${train.count} CIFAR-10 images, batch ${batchSize}, ${epochs} epochs`);
console.log(
  ['epoch', 'seconds', 'images/s', 'numTensors', 'RSS MB', 'peak RSS MB'].map((h) => h.padStart(12)).join(''),
);
const tensorsBefore = tf.memory().numTensors;
let started = performance.now();
await fit(model, train, {
  epochs,
  batchSize,
  verbose: 0,
  seed: 1,
  callbacks: {
    onEpochEnd(epoch) {
      const seconds = (performance.now() - started) / 1000;
      const row = [
        epoch + 1,
        seconds.toFixed(1),
        (train.count / seconds).toFixed(0),
        tf.memory().numTensors,
        mb(process.memoryUsage().rss),
        mb(process.resourceUsage().maxRSS * 1024),
      ];
      console.log(row.map((cell) => String(cell).padStart(12)).join(''));
      started = performance.now();
    },
  },
});
console.log(
  `tensors before fit ${tensorsBefore}, after ${tf.memory().numTensors} (the optimizer's slots are the difference)`,
);
