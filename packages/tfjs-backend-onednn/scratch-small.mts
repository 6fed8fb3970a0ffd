import * as tf from '@tensorflow/tfjs-core';
import 'tfjs-backend-onednn';
import { buildModel } from '../kiln/src/models/index.js';
await tf.setBackend('onednn');
const model = buildModel(process.argv[2] ?? 'separable', { seed: 1 });
const x = tf.randomUniform([128, 32, 32, 3]);
const y = tf.cast(tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10), 'float32');
for (let i = 0; i < 15; i++) await model.trainOnBatch(x, y);
const steps = 10;
const byName = new Map<string, number>();
let total = 0;
const started = performance.now();
const profile = await tf.profile(async () => { for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y); });
const wall = (performance.now() - started) / steps;
for (const k of profile.kernels) {
  const ms = (await k.kernelTimeMs as number) / steps;
  total += ms;
  const key = k.name + ' ' + JSON.stringify(k.inputShapes);
  byName.set(key, (byName.get(key) ?? 0) + ms);
}
const t: number[] = [];
for (let i = 0; i < 10; i++) { const s = performance.now(); await model.trainOnBatch(x, y); t.push(performance.now() - s); }
t.sort((a, b) => a - b);
console.log(`unprofiled step median ${t[5].toFixed(1)} ms; profiled step ${wall.toFixed(1)} ms, kernels ${total.toFixed(1)} ms`);
const small = [...byName.entries()].filter(([k]) => !/Conv|Depthwise|MaxPool|ReluBias|BatchNorm/.test(k)).sort((a, b) => b[1] - a[1]);
for (const [k, ms] of small.slice(0, 25)) console.log(ms.toFixed(3).padStart(7), k);
