import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

interface ConvCase {
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: 1 | 2;
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
  dilations?: 1 | 2;
  /** The depthwise variant's channel multiplier (2 unless given). */
  multiplier?: 1 | 2;
}

// Odd sizes, batch 1, channels that are not multiples of 8, both paddings and strides.
const cases: ConvCase[] = [
  { input: [1, 7, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { input: [2, 8, 8, 5], filter: [3, 3, 5, 7], strides: 2, pad: 'same' },
  { input: [3, 11, 6, 4], filter: [2, 3, 4, 6], strides: 2, pad: 'valid' },
  { input: [2, 9, 9, 6], filter: [5, 5, 6, 3], strides: 1, pad: 'same' },
  { input: [1, 10, 10, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'same', dilations: 2 },
  {
    input: [2, 7, 8, 3],
    filter: [3, 3, 3, 4],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  // Depthwise with multiplier 1, stride 1 and few channels: depthwise_rows.cc's kernels.
  { input: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid', multiplier: 1 },
  { input: [1, 6, 7, 5], filter: [3, 3, 5, 2], strides: 1, pad: 'same', multiplier: 1 },
  {
    input: [3, 10, 9, 3],
    filter: [5, 3, 3, 4],
    strides: 1,
    pad: [
      [0, 0],
      [2, 1],
      [0, 2],
      [0, 0],
    ],
    multiplier: 1,
  },
];

function describeCase(c: ConvCase): string {
  return `x ${c.input.join('x')}, filter ${c.filter.join('x')}, stride ${c.strides}, ${JSON.stringify(c.pad)}${c.dilations ? `, dilation ${c.dilations}` : ''}${c.multiplier ? `, depthwise multiplier ${c.multiplier}` : ''} (seed ${testSeed})`;
}

function convTensors(c: ConvCase, depthwise: boolean) {
  const multiplier = c.multiplier ?? 2;
  const filterShape: [number, number, number, number] = depthwise
    ? [c.filter[0], c.filter[1], c.input[3], multiplier]
    : c.filter;
  const x = random(c.input.reduce((a, b) => a * b));
  const filter = random(filterShape.reduce((a, b) => a * b));
  const outChannels = depthwise ? c.input[3] * multiplier : c.filter[3];
  const bias = random(outChannels);
  return {
    x: () => tf.tensor4d(x, c.input),
    filter: () => tf.tensor4d(filter, filterShape),
    bias: () => tf.tensor1d(bias),
  };
}

describe('native convolutions match the cpu backend', () => {
  for (const c of cases) {
    const dilations = c.dilations ?? 1;

    const convolutions = [
      {
        kernel: 'Conv2D',
        depthwise: false,
        op: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, c.strides, c.pad, 'NHWC', dilations),
      },
      {
        kernel: 'DepthwiseConv2dNative',
        depthwise: true,
        op: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, c.strides, c.pad, 'NHWC', dilations),
      },
    ];
    for (const { kernel, depthwise, op } of convolutions) {
      it(`${kernel} and both its gradients: ${describeCase(c)}`, async () => {
        const t = convTensors(c, depthwise);
        const error = await relativeErrorVsCpu(() => {
          const x = t.x();
          const filter = t.filter();
          const y = op(x, filter);
          if (dilations !== 1) return y; // tfjs has no convolution gradient with dilations
          const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.square(op(a as tf.Tensor4D, b as tf.Tensor4D))),
          )([x, filter]);
          return [y, dx!, dFilter!];
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }

    it(`FusedConv2D and FusedDepthwiseConv2D with bias + relu: ${describeCase(c)}`, async () => {
      const plain = convTensors(c, false);
      const depthwise = convTensors(c, true);
      const error = await relativeErrorVsCpu(() => [
        tf.fused.conv2d({
          x: plain.x(),
          filter: plain.filter(),
          bias: plain.bias(),
          strides: c.strides,
          pad: c.pad,
          dilations,
          activation: 'relu',
        }),
        tf.fused.conv2d({
          x: plain.x(),
          filter: plain.filter(),
          bias: plain.bias(),
          strides: c.strides,
          pad: c.pad,
          dilations,
        }),
        tf.fused.depthwiseConv2d({
          x: depthwise.x(),
          filter: depthwise.filter(),
          bias: depthwise.bias(),
          strides: c.strides,
          // tfjs' type for the fused depthwise op leaves out explicit padding, which the op passes on to
          // the kernel as the plain one does: the cast lets the explicit-padding cases reach the kernel.
          pad: c.pad as 'same' | 'valid' | number,
          dilations,
          activation: 'relu',
        }),
      ]);
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});

describe('convolutions the native kernels do not handle', () => {
  it('fall back to the cpu kernel: NCHW data and a non-floor output rounding', async () => {
    const x = random(2 * 3 * 7 * 7);
    const filter = random(3 * 3 * 3 * 4);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const xs = tf.tensor4d(x, [2, 3, 7, 7]);
        const w = tf.tensor4d(filter, [3, 3, 3, 4]);
        const nchw = tf.conv2d(xs, w, 1, 'same', 'NCHW');
        const rounded = tf.conv2d(tf.reshape(xs, [2, 7, 7, 3]) as tf.Tensor4D, w, 2, 0, 'NHWC', 1, 'ceil');
        return [nchw.dataSync(), rounded.dataSync()];
      });
    };
    const [cpuNchw, cpuRounded] = await run('cpu');
    const [nativeNchw, nativeRounded] = await run('onednn');
    assert.deepEqual(nativeNchw, cpuNchw);
    assert.deepEqual(nativeRounded, cpuRounded);
  });
});
