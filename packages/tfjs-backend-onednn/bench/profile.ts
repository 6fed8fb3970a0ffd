// Where a training step's time goes, kernel by kernel:
//   node --import tsx bench/profile.ts [model] [backend] [batch] [steps] [fp32|bf16]
// e.g. `separable onednn 128 5`; `bf16` profiles under Keras' mixed_bfloat16 policy. Models are Kiln's
// chapter models, or `cifar-fast`: the CIFAR-10 recipe's network, fused and compiled as the recipe does (Nesterov SGD with weight decay, label
// smoothing). Times are per step, averaged over `steps` profiled steps (one step's figures move by
// 20% on a shared machine).
import * as tf from '@tensorflow/tfjs-core';

import 'tfjs-backend-onednn';
import { setGlobalPolicy } from '../../kiln/src/backend/mixedPrecision.js';
import { categoricalCrossentropy } from '../../kiln/src/losses/index.js';
import { buildModel, fuseLayers } from '../../kiln/src/models/index.js';
import { SgdOptimizer } from '../../kiln/src/optimizers/index.js';
import { buildCifarFastModel } from '../../kiln/src/recipes/index.js';

const [modelName = 'separable', backendName = 'onednn', batchArg = '128', stepsArg = '5', precision = 'fp32'] =
  process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);

await tf.setBackend(backendName);
if (precision !== 'fp32' && precision !== 'bf16')
  throw new Error(`precision: expected fp32 or bf16, got '${precision}'`);
setGlobalPolicy(precision === 'bf16' ? 'mixed_bfloat16' : 'float32');
const model = modelName === 'cifar-fast' ? cifarFastModel() : buildModel(modelName, { seed: 1 });
const x = tf.randomUniform([batch, 32, 32, 3]);
const y = tf.cast(tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10), 'float32');

// The first step builds primitives and optimizer state; the next few still grow the heap (page
// faults) and let V8 optimize: profile the steady state.
for (let i = 0; i < 10; i++) await model.trainOnBatch(x, y);
// Wall-clock steps without the profiler (which syncs and reads every kernel's output) as well.
const unprofiledStarted = performance.now();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
const unprofiledStepMs = (performance.now() - unprofiledStarted) / steps;
const started = performance.now();
const profile = await tf.profile(async () => {
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
});
const stepMs = (performance.now() - started) / steps;

const byKernel = new Map<string, { ms: number; calls: number }>();
for (const kernel of profile.kernels) {
  const ms = await kernel.kernelTimeMs;
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += (typeof ms === 'number' ? ms : 0) / steps;
  entry.calls += 1 / steps;
  byKernel.set(kernel.name, entry);
}
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((sum, [, e]) => sum + e.ms, 0);
console.log(
  `${modelName} on ${backendName} in ${precision}, batch ${batch}, mean of ${steps} steps: step ${unprofiledStepMs.toFixed(0)} ms (${((1000 * batch) / unprofiledStepMs).toFixed(0)} images/s), ${stepMs.toFixed(0)} ms profiled, kernels ${kernelMs.toFixed(0)} ms, ${rows.length} distinct kernels`,
);
for (const [name, e] of rows) {
  console.log(
    `${name.padEnd(40)} ${e.ms.toFixed(1).padStart(9)} ms ${((100 * e.ms) / kernelMs).toFixed(1).padStart(5)}% ${String(Math.round(e.calls)).padStart(4)} calls`,
  );
}

function cifarFastModel(): ReturnType<typeof buildCifarFastModel> {
  const built = buildCifarFastModel({ seed: 1 });
  fuseLayers(built);
  built.compile({
    optimizer: new SgdOptimizer({ learningRate: 0.1, momentum: 0.85, nesterov: true, weightDecay: 9e-3 }),
    loss: categoricalCrossentropy({ labelSmoothing: 0.2 }),
  });
  return built;
}
