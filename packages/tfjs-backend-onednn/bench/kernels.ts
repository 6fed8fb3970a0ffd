// Native kernel vs tfjs' cpu kernel, one kernel at a time, across sizes: where does native win?
//   node --import tsx bench/kernels.ts
// Each row calls the cpu kernel function directly (no tfjs engine bookkeeping, which a kernel on
// either backend pays alike) and the bare native call plus its output allocation, in the same
// run, and prints cpu / native: above 1, native is faster. The small sizes show whether a
// kernel's dispatch threshold is right.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { nativeAddon } from '../src/native.js';

interface Case {
  kernel: string;
  what: string;
  inputs: (x: tf.Tensor, perChannel: tf.Tensor) => NamedTensorInfoMap;
  attrs: (shape: number[]) => NamedAttrMap;
  /** The bare native call on the raw values. */
  native: (x: Float32Array, shape: number[], perChannel: Float32Array) => void;
}

const addon = nativeAddon();
const channelShape = (shape: number[]): number[] => [...shape.slice(0, -1).map(() => 1), shape.at(-1)!];

const cases: Case[] = [
  {
    kernel: 'Add',
    what: 'same shape',
    inputs: (x) => ({ a: x, b: x }),
    attrs: () => ({}),
    native: (x, s) => addon.binary('add', x, s, x, s, new Float32Array(x.length)),
  },
  {
    kernel: 'Multiply',
    what: 'by a per-channel vector',
    inputs: (x, c) => ({ a: x, b: c }),
    attrs: () => ({}),
    native: (x, s, c) => addon.binary('mul', x, s, c, channelShape(s), new Float32Array(x.length)),
  },
  {
    kernel: 'Relu',
    what: '',
    inputs: (x) => ({ x }),
    attrs: () => ({}),
    native: (x) => addon.eltwise('relu', x, new Float32Array(x.length), 0),
  },
  {
    kernel: 'Sum',
    what: 'over N, H, W',
    inputs: (x) => ({ x }),
    attrs: () => ({ axis: [0, 1, 2], keepDims: false }),
    native: (x, s) => addon.reduce('sum', x, s, new Float32Array(s.at(-1)!), channelShape(s)),
  },
  {
    kernel: 'Mean',
    what: 'over H, W',
    inputs: (x) => ({ x }),
    attrs: () => ({ axis: [1, 2], keepDims: false }),
    native: (x, s) => addon.reduce('mean', x, s, new Float32Array(s[0]! * s[3]!), [s[0]!, 1, 1, s[3]!]),
  },
  {
    kernel: 'Tile',
    what: 'a channel vector over N, H, W',
    inputs: (_x, c) => ({ x: c }),
    attrs: (s) => ({ reps: [...s.slice(0, -1), 1] }),
    native: (x, s, c) => addon.tile(c, channelShape(s), [...s.slice(0, -1), 1], new Float32Array(x.length), 1),
  },
  {
    kernel: 'FusedBatchNorm',
    what: 'per channel',
    inputs: (x, c) => ({ x, mean: c, variance: c, offset: c, scale: c }),
    attrs: () => ({ varianceEpsilon: 0.001 }),
    native: (x, _s, c) => addon.batchNorm(x, c, c, c, 0.001, c, new Float32Array(x.length)),
  },
];

// NHWC shapes with 32 channels, from 32 elements to a BN layer's activations at batch 128.
const shapes = [
  [1, 1, 1, 32],
  [1, 1, 2, 32],
  [1, 2, 4, 32],
  [1, 4, 8, 32],
  [1, 8, 16, 32],
  [2, 16, 16, 32],
  [8, 32, 32, 32],
  [128, 16, 16, 32],
];

/** Milliseconds per call, over at least 3 calls and ~50 ms. */
function timePerCall(run: () => void): number {
  run();
  let calls = 0;
  const started = performance.now();
  while (calls < 3 || performance.now() - started < 50) {
    run();
    calls++;
  }
  return (performance.now() - started) / calls;
}

await tf.setBackend('cpu');
const backend = tf.backend();
console.log(
  `${'kernel'.padEnd(46)}${'elements'.padStart(9)}${'cpu ms'.padStart(10)}${'native ms'.padStart(11)}${'cpu/native'.padStart(12)}`,
);
for (const c of cases) {
  const cpuKernel = tf.getKernel(c.kernel, 'cpu')!.kernelFunc;
  for (const shape of shapes) {
    const size = shape.reduce((a, b) => a * b);
    const values = Float32Array.from({ length: size }, () => Math.random() * 2 - 1);
    const channel = Float32Array.from({ length: shape[3]! }, () => Math.random() + 0.5);
    const x = tf.tensor(values, shape);
    const perChannel = tf.tensor(channel, channelShape(shape));
    const inputs = c.inputs(
      x,
      c.kernel === 'Tile' || c.kernel === 'Multiply' ? perChannel : tf.reshape(perChannel, [shape[3]!]),
    );
    const attrs = c.attrs(shape);
    const cpuMs = timePerCall(() => {
      const out = cpuKernel({ inputs, backend, attrs }) as TensorInfo | TensorInfo[];
      for (const t of Array.isArray(out) ? out : [out]) backend.disposeData(t.dataId);
    });
    const nativeMs = timePerCall(() => c.native(values, shape, channel));
    tf.dispose([x, perChannel]);
    const name = `${c.kernel} ${c.what}`;
    console.log(
      `${name.padEnd(46)}${String(size).padStart(9)}${cpuMs.toFixed(4).padStart(10)}${nativeMs.toFixed(4).padStart(11)}${(cpuMs / nativeMs).toFixed(1).padStart(12)}`,
    );
  }
}
