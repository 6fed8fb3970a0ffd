// Training throughput of the chapter's five models on 'onednn' (batch 128), as effective GFLOP/s
// against oneDNN's own sgemm measured in the same run, and against tfjs' 'cpu' backend. Rates are
// given per second of wall time and per second of this process's CPU time: on cores shared with
// other work the second is the one that says how fast the code is.
//   npm run bench -w tfjs-backend-onednn [-- --steps 11 --cpu-batch 8 --cpu-steps 1 --models a,b]
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { nativeAddon } from 'tfjs-backend-onednn';
import { buildModel, modelNames } from '../../kiln/src/models/index.js';
import { trainingStepFlops } from './trainingFlops.js';

const { values: options } = parseArgs({
  options: {
    batch: { type: 'string', default: '128' },
    steps: { type: 'string', default: '11' },
    'cpu-batch': { type: 'string', default: '8' },
    'cpu-steps': { type: 'string', default: '1' },
    models: { type: 'string', default: modelNames.join(',') },
  },
});
const batch = Number(options.batch);
const steps = Number(options.steps);
const cpuBatch = Number(options['cpu-batch']);
const cpuSteps = Number(options['cpu-steps']);
const models = options.models.split(',');

interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** Wall and CPU (user + system, all threads) milliseconds `run` takes. */
async function measure(run: () => Promise<void> | void): Promise<Cost> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The median of `values`. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Costs of `runs` oneDNN sgemm calls on square matrices of `size`, after one untimed call. */
async function sgemmCosts(size: number, runs: number): Promise<Cost[]> {
  const a = new Float32Array(size * size).fill(0.5);
  const b = new Float32Array(size * size).fill(0.25);
  const c = new Float32Array(size * size);
  nativeAddon().sgemm(a, b, c, [size, size, size]);
  const costs: Cost[] = [];
  for (let i = 0; i < runs; i++) costs.push(await measure(() => nativeAddon().sgemm(a, b, c, [size, size, size])));
  return costs;
}

const SGEMM_SIZE = 1024;

/**
 * oneDNN's sgemm rates (GFLOP per wall and per CPU second): the median of runs, the same statistic
 * as the training steps', so noise moves both alike.
 */
function sgemmGflops(costs: Cost[]): { wall: number; cpu: number } {
  const flops = 2 * SGEMM_SIZE ** 3;
  return { wall: flops / (median(costs.map((cost) => cost.wallMs)) * 1e6), cpu: flops / (median(costs.map((cost) => cost.cpuMs)) * 1e6) };
}

function randomBatch(size: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({
    x: tf.randomUniform([size, 32, 32, 3]),
    y: tf.cast(tf.oneHot(tf.randomUniform([size], 0, 10, 'int32'), 10), 'float32'),
  }));
}

/**
 * Mean cost of a training step in the steady state of an epoch, after warm-up steps: the first
 * builds onednn's primitives, and the next few still page-fault while the heap grows to hold a
 * step's tensors (~80,000 faults, then ~20,000, ~6,000, then none on the separable model) and V8
 * optimizes tfjs' code; the separable model's step time settles after about twenty.
 */
const WARM_UP_STEPS = 20;

/** The median cost of `count` training steps (the mean of them when count < 3). */
async function stepCost(model: tfl.LayersModel, size: number, count: number, warmUp: boolean): Promise<Cost> {
  const { x, y } = randomBatch(size);
  for (let i = 0; warmUp && i < WARM_UP_STEPS; i++) await model.trainOnBatch(x, y);
  const tensorsBefore = tf.memory().numTensors;
  const costs: Cost[] = [];
  for (let i = 0; i < count; i++) costs.push(await measure(async () => { await model.trainOnBatch(x, y); }));
  // Without a warm-up the first step creates the optimizer's slot variables: not a leak.
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (warmUp && leaked !== 0) console.warn(`  warning: ${leaked} tensors left behind by ${count} steps`);
  tf.dispose([x, y]);
  const summary = count < 3 ? (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length : median;
  return { wallMs: summary(costs.map((cost) => cost.wallMs)), cpuMs: summary(costs.map((cost) => cost.cpuMs)) };
}

await tf.setBackend('onednn');
const { version, threads } = nativeAddon().info();
console.log(`oneDNN ${version}, ${threads} threads; each model's baseline: oneDNN's sgemm ${SGEMM_SIZE}³, median of runs just before and after its steps`);
console.log(`onednn: batch ${batch}, ${steps} timed steps; cpu: batch ${cpuBatch}, ${cpuSteps} timed step(s)\n`);

const header = ['model', 'onednn img/s', 'ms/step', 'sgemm GFLOP/s', 'GFLOP/s', 'of sgemm', 'cpu-ms/step', 'GFLOP/cpu-s', 'of sgemm', 'cpu img/s', 'onednn/cpu', 'vs plain'];
console.log(header.map((h, i) => (i === 0 ? h.padEnd(18) : h.padStart(14))).join(''));
const stepMs = new Map<string, number>();
for (const name of models) {
  await tf.setBackend('onednn');
  const model = buildModel(name, { seed: 1 });
  // The machine's speed drifts (it is shared): the baseline is measured around the model's steps.
  const sgemmBefore = await sgemmCosts(SGEMM_SIZE, 11);
  const cost = await stepCost(model, batch, steps, true);
  const sgemm = sgemmGflops([...sgemmBefore, ...(await sgemmCosts(SGEMM_SIZE, 11))]);
  const ms = cost.wallMs;
  stepMs.set(name, ms);
  const flops = trainingStepFlops(model, batch);
  const gflops = flops / (ms * 1e6);
  const cpuGflops = flops / (cost.cpuMs * 1e6);
  model.dispose();

  // --cpu-steps 0 skips tfjs' cpu backend. It has nothing to warm up and is slow enough that a
  // warm-up step would double its time.
  let cpuMs = Number.NaN;
  if (cpuSteps > 0) {
    await tf.setBackend('cpu');
    const cpuModel = buildModel(name, { seed: 1 });
    cpuMs = (await stepCost(cpuModel, cpuBatch, cpuSteps, false)).wallMs;
    cpuModel.dispose();
  }

  const imagesPerSecond = (batch * 1000) / ms;
  const cpuImagesPerSecond = (cpuBatch * 1000) / cpuMs;
  const plain = name.endsWith('-bn') ? stepMs.get(name.slice(0, -3)) : undefined;
  const row = [
    name.padEnd(18),
    imagesPerSecond.toFixed(1),
    ms.toFixed(0),
    sgemm.wall.toFixed(1),
    gflops.toFixed(1),
    `${((100 * gflops) / sgemm.wall).toFixed(1)}%`,
    cost.cpuMs.toFixed(0),
    cpuGflops.toFixed(1),
    `${((100 * cpuGflops) / sgemm.cpu).toFixed(1)}%`,
    cpuSteps > 0 ? cpuImagesPerSecond.toFixed(2) : '-',
    cpuSteps > 0 ? `${(imagesPerSecond / cpuImagesPerSecond).toFixed(1)}x` : '-',
    plain === undefined ? '' : `${(ms / plain).toFixed(2)}x`,
  ];
  console.log(row.map((c, i) => (i === 0 ? c : c.padStart(14))).join(''));
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
