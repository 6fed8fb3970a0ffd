import * as tf from '@tensorflow/tfjs-core';
import 'tfjs-backend-onednn';
import { buildModel } from '../kiln/src/models/index.js';
await tf.setBackend('onednn');
const model = buildModel('separable', { seed: 1 });
const x = tf.randomUniform([128, 32, 32, 3]);
const y = tf.cast(tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10), 'float32');
for (let i = 0; i < 10; i++) await model.trainOnBatch(x, y);
const profile = await tf.profile(async () => { await model.trainOnBatch(x, y); });
for (const k of profile.kernels) {
  const ms = await k.kernelTimeMs as number;
  if (ms > 0.15) console.log(k.name.padEnd(36), ms.toFixed(2), JSON.stringify(k.inputShapes));
}
