// Memory over a longer training run on 'onednn': tfjs' tensor count and the process's RSS every
// few steps, to show that neither the backend nor its primitive cache grows with the step count.
//   node --import tsx bench/memory.ts [model] [steps] [batch]
import * as tf from '@tensorflow/tfjs-core';

import { nativeAddon } from 'tfjs-backend-onednn';
import { buildModel } from '../../kiln/src/models/index.js';

const [modelName = 'regular', stepsArg = '40', batchArg = '128'] = process.argv.slice(2);
const steps = Number(stepsArg);
const batch = Number(batchArg);

await tf.setBackend('onednn');
const model = buildModel(modelName, { seed: 1 });
const x = tf.randomUniform([batch, 32, 32, 3]);
const y = tf.cast(tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10), 'float32');
const every = Math.max(1, Math.floor(steps / 8));
console.log(`${modelName}, batch ${batch}, ${steps} steps on onednn`);
console.log('step'.padStart(6), 'numTensors'.padStart(12), 'RSS MB'.padStart(8), 'cached primitives'.padStart(18));
for (let step = 1; step <= steps; step++) {
  await model.trainOnBatch(x, y);
  if (step % every === 0 || step === 1) {
    const rss = process.memoryUsage().rss / 2 ** 20;
    console.log(
      String(step).padStart(6),
      String(tf.memory().numTensors).padStart(12),
      rss.toFixed(0).padStart(8),
      String(nativeAddon().info().cachedPrimitives).padStart(18),
    );
  }
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
