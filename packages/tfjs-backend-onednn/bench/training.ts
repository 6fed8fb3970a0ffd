// Training throughput of the chapter's five models on 'onednn' (batch 128), as effective GFLOP/s
// against oneDNN's own sgemm measured in the same run, and against tfjs' 'cpu' backend. Rates are
// given per second of wall time and per second of this process's CPU time: on cores shared with
// other work the second is the one that says how fast the code is.
//
// The host's speed drifts by a third from minute to minute, so the models are measured in rounds:
// each round runs, for every model in turn, one sgemm then two training steps, the second timed
// (the first brings the model's data back into the caches the others used). A ratio (of sgemm,
// BN vs plain) is the median over rounds of that round's ratio, both sides measured within a
// second of each other.
//   npm run bench -w tfjs-backend-onednn [-- --steps 15 --cpu-batch 8 --cpu-steps 1 --models a,b]
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { nativeAddon } from 'tfjs-backend-onednn';
import { buildModel, modelNames } from '../../kiln/src/models/index.js';
import { trainingStepFlops } from './trainingFlops.js';
import { measure, median, type Cost } from './timing.js';

const { values: options } = parseArgs({
  options: {
    batch: { type: 'string', default: '128' },
    steps: { type: 'string', default: '15' },
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

const SGEMM_SIZE = 1024;

function randomBatch(size: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({
    x: tf.randomUniform([size, 32, 32, 3]),
    y: tf.cast(tf.oneHot(tf.randomUniform([size], 0, 10, 'int32'), 10), 'float32'),
  }));
}

/**
 * Steps before the timed rounds: the first builds onednn's primitives, and the next few still
 * page-fault while the heap grows to hold a step's tensors (~80,000 faults, then ~20,000, ~6,000,
 * then none on the separable model) and V8 optimizes tfjs' code; the separable model's step time
 * settles after about twenty.
 */
const WARM_UP_STEPS = 20;

/** A model with its batch, trained one step at a time. */
interface Trainee {
  name: string;
  model: tfl.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
}

function trainee(name: string, size: number): Trainee {
  return { name, model: buildModel(name, { seed: 1 }), ...randomBatch(size) };
}

async function trainStep(t: Trainee): Promise<Cost> {
  return measure(async () => {
    await t.model.trainOnBatch(t.x, t.y);
  });
}

function disposeTrainee(t: Trainee): void {
  t.model.dispose();
  tf.dispose([t.x, t.y]);
}

await tf.setBackend('onednn');
const { version, threads } = nativeAddon().info();
console.log(
  `oneDNN ${version}, ${threads} threads; baseline: oneDNN's sgemm ${SGEMM_SIZE}³, run just before each step`,
);
console.log(
  `onednn: batch ${batch}, ${steps} rounds of two steps per model, the second timed (medians over rounds); cpu: batch ${cpuBatch}, ${cpuSteps} timed step(s)\n`,
);

const trainees = models.map((name) => trainee(name, batch));
for (const t of trainees) for (let i = 0; i < WARM_UP_STEPS; i++) await t.model.trainOnBatch(t.x, t.y);
const a = new Float32Array(SGEMM_SIZE * SGEMM_SIZE).fill(0.5);
const b = new Float32Array(SGEMM_SIZE * SGEMM_SIZE).fill(0.25);
const c = new Float32Array(SGEMM_SIZE * SGEMM_SIZE);
const sgemmFlops = 2 * SGEMM_SIZE ** 3;
/** Per model, per round: [step, sgemm just before it]. */
const rounds = new Map<string, Array<{ step: Cost; sgemm: Cost }>>(models.map((name) => [name, []]));
const tensorsBefore = tf.memory().numTensors;
for (let round = 0; round < steps; round++) {
  for (const t of trainees) {
    const sgemm = await measure(() => nativeAddon().sgemm(a, b, c, [SGEMM_SIZE, SGEMM_SIZE, SGEMM_SIZE]));
    await trainStep(t);
    rounds.get(t.name)!.push({ step: await trainStep(t), sgemm });
  }
}
const leaked = tf.memory().numTensors - tensorsBefore;
if (leaked !== 0) console.warn(`  warning: ${leaked} tensors left behind by the timed steps`);

const header = [
  'model',
  'onednn img/s',
  'ms/step',
  'sgemm GFLOP/s',
  'GFLOP/s',
  'of sgemm',
  'cpu-ms/step',
  'GFLOP/cpu-s',
  'of sgemm',
  'cpu img/s',
  'onednn/cpu',
  'vs plain',
];
console.log(header.map((h, i) => (i === 0 ? h.padEnd(18) : h.padStart(14))).join(''));
for (const t of trainees) {
  const measured = rounds.get(t.name)!;
  const flops = trainingStepFlops(t.model, batch);
  const ms = median(measured.map((r) => r.step.wallMs));
  const cpuMs = median(measured.map((r) => r.step.cpuMs));
  // Of sgemm: (flops / step time) / (sgemm flops / sgemm time), per round.
  const ofSgemm = median(measured.map((r) => (flops * r.sgemm.wallMs) / (sgemmFlops * r.step.wallMs)));
  const ofSgemmCpu = median(measured.map((r) => (flops * r.sgemm.cpuMs) / (sgemmFlops * r.step.cpuMs)));
  const sgemmWall = sgemmFlops / (median(measured.map((r) => r.sgemm.wallMs)) * 1e6);
  const plainName = t.name.endsWith('-bn') ? t.name.slice(0, -3) : undefined;
  const plain = plainName === undefined ? undefined : rounds.get(plainName);
  const vsPlain =
    plain === undefined ? undefined : median(measured.map((r, i) => r.step.wallMs / plain[i]!.step.wallMs));

  // --cpu-steps 0 skips tfjs' cpu backend. It has nothing to warm up and is slow enough that a
  // warm-up step would double its time.
  let cpuBackendMs = Number.NaN;
  if (cpuSteps > 0) {
    await tf.setBackend('cpu');
    const onCpu = trainee(t.name, cpuBatch);
    const costs: number[] = [];
    for (let i = 0; i < cpuSteps; i++) costs.push((await trainStep(onCpu)).wallMs);
    cpuBackendMs = costs.reduce((sum, v) => sum + v, 0) / costs.length;
    disposeTrainee(onCpu);
    await tf.setBackend('onednn');
  }

  const imagesPerSecond = (batch * 1000) / ms;
  const cpuImagesPerSecond = (cpuBatch * 1000) / cpuBackendMs;
  const row = [
    t.name.padEnd(18),
    imagesPerSecond.toFixed(1),
    ms.toFixed(0),
    sgemmWall.toFixed(1),
    (flops / (ms * 1e6)).toFixed(1),
    `${(100 * ofSgemm).toFixed(1)}%`,
    cpuMs.toFixed(0),
    (flops / (cpuMs * 1e6)).toFixed(1),
    `${(100 * ofSgemmCpu).toFixed(1)}%`,
    cpuSteps > 0 ? cpuImagesPerSecond.toFixed(2) : '-',
    cpuSteps > 0 ? `${(imagesPerSecond / cpuImagesPerSecond).toFixed(1)}x` : '-',
    vsPlain === undefined ? '' : `${vsPlain.toFixed(2)}x`,
  ];
  console.log(row.map((cell, i) => (i === 0 ? cell : cell.padStart(14))).join(''));
}
console.log(`primitives cached: ${nativeAddon().info().cachedPrimitives}`);
trainees.forEach(disposeTrainee);
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
