// Convolutions and matrix products in bfloat16 (setPrecision('bfloat16')) against the same native
// kernels in float32.
//
// Tolerances. bfloat16 keeps 8 significant bits, so rounding an input to it changes it by at most
// u = 2^-8 (about 3.9e-3) relative, and a product of two rounded inputs by about 2u. Summed in
// float32 over many terms of random sign, those errors partly cancel: an output's error is about u
// times the typical output, and the largest error about u times the largest output. Against
// float32 on the raw inputs the bound is then 1e-2 (2.5u) of the largest output. Against float32
// on the inputs rounded to bfloat16 first, only the float32 accumulation order differs, so the
// bound is float32's: 1e-5.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

import { setPrecision, supportsBfloat16 } from '../../src/index.js';
import { MIN_BFLOAT16_CHANNELS } from '../../src/kernels/convolution.js';
import { randomSource, relativeError, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const BFLOAT16_TOLERANCE = 1e-2;
const ACCUMULATION_TOLERANCE = 1e-5;

/** `values` rounded to the nearest bfloat16 (ties to even, as oneDNN's conversion), as float32. */
function roundToBfloat16(values: Float32Array): Float32Array {
  const rounded = new Float32Array(values);
  const bits = new Uint32Array(rounded.buffer);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    bits[i] = ((b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000) >>> 0;
  }
  return rounded;
}

/** `compute` on the onednn backend in `precision`, from float32 inputs. */
function runIn(
  precision: 'float32' | 'bfloat16',
  inputs: Float32Array[],
  compute: (...values: Float32Array[]) => tf.Tensor,
): Float32Array {
  setPrecision(precision);
  try {
    return tf.tidy(() => compute(...inputs)).dataSync() as Float32Array;
  } finally {
    setPrecision('float32');
  }
}

interface Comparison {
  /** bfloat16 vs float32, on the same inputs. */
  vsFloat32: number;
  /** bfloat16 vs float32 on the inputs it reads as bfloat16 (all but a bias) rounded to bfloat16. */
  vsRoundedFloat32: number;
}

/** `inputs` are the two operands, then a bias (which stays float32 in bfloat16 mode) if any. */
function compare(inputs: Float32Array[], compute: (...values: Float32Array[]) => tf.Tensor): Comparison {
  const bfloat16 = runIn('bfloat16', inputs, compute);
  const float32 = runIn('float32', inputs, compute);
  assert.equal(bfloat16.length, float32.length);
  const rounded = inputs.map((values, i) => (i < 2 ? roundToBfloat16(values) : values));
  const roundedFloat32 = runIn('float32', rounded, compute);
  return { vsFloat32: relativeError(bfloat16, float32), vsRoundedFloat32: relativeError(bfloat16, roundedFloat32) };
}

function assertBfloat16(c: Comparison): void {
  assert.ok(c.vsFloat32 < BFLOAT16_TOLERANCE, `relative error ${c.vsFloat32} vs float32`);
  // Not float32 in disguise: the inputs' rounding shows.
  assert.ok(c.vsFloat32 > ACCUMULATION_TOLERANCE, `relative error ${c.vsFloat32} vs float32: no bfloat16 rounding`);
  assert.ok(c.vsRoundedFloat32 < ACCUMULATION_TOLERANCE, `relative error ${c.vsRoundedFloat32} vs rounded float32`);
}

const size = (shape: readonly number[]) => shape.reduce((x, y) => x * y, 1);

interface ConvCase {
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: 1 | 2;
  pad: 'same' | 'valid';
}

// The convnets' 3x3 and 1x1 convolutions over many channels, odd sizes, a stride of 2.
const convCases: ConvCase[] = [
  { input: [4, 8, 8, 64], filter: [3, 3, 64, 64], strides: 1, pad: 'same' },
  { input: [3, 6, 6, 32], filter: [1, 1, 32, 48], strides: 1, pad: 'valid' },
  { input: [2, 9, 7, MIN_BFLOAT16_CHANNELS], filter: [3, 3, MIN_BFLOAT16_CHANNELS, 7], strides: 2, pad: 'same' },
];

describe(
  'convolutions and matrix products in bfloat16',
  { skip: !supportsBfloat16() && 'no native bfloat16 on this CPU' },
  () => {
    before(async () => {
      await tf.setBackend('onednn');
    });
    after(() => setPrecision('float32'));

    for (const c of convCases) {
      const label = `x ${c.input.join('x')}, filter ${c.filter.join('x')}, stride ${c.strides}, ${c.pad} (seed ${testSeed})`;
      const info = tf.backend_util.computeConv2DInfo(c.input, c.filter, c.strides, 1, c.pad);
      const x = random(size(c.input));
      const filter = random(size(c.filter));
      const bias = random(c.filter[3]);
      const dy = random(size(info.outShape));

      it(`Conv2D and FusedConv2D (bias, relu) within ${BFLOAT16_TOLERANCE} of float32: ${label}`, () => {
        assertBfloat16(
          compare([x, filter], (xv, fv) =>
            tf.conv2d(tf.tensor4d(xv!, c.input), tf.tensor4d(fv!, c.filter), c.strides, c.pad),
          ),
        );
        assertBfloat16(
          compare([x, filter, bias], (xv, fv, bv) =>
            tf.fused.conv2d({
              x: tf.tensor4d(xv!, c.input),
              filter: tf.tensor4d(fv!, c.filter),
              strides: c.strides,
              pad: c.pad,
              bias: tf.tensor1d(bv!),
              activation: 'relu',
            }),
          ),
        );
      });

      it(`Conv2DBackpropInput (the input's gradient) within ${BFLOAT16_TOLERANCE} of float32: ${label}`, () => {
        assertBfloat16(
          compare([dy, filter], (dyv, fv) =>
            tf.conv2dTranspose(
              tf.tensor(dyv!, info.outShape) as tf.Tensor4D,
              tf.tensor4d(fv!, c.filter),
              c.input,
              c.strides,
              c.pad,
            ),
          ),
        );
      });

      it(`Conv2DBackpropFilter (the filter's gradient) within ${BFLOAT16_TOLERANCE} of float32: ${label}`, () => {
        assertBfloat16(
          compare(
            [x, dy],
            (xv, dyv) =>
              tf
                .engine()
                .runKernel(
                  tf.Conv2DBackpropFilter,
                  { x: tf.tensor4d(xv!, c.input), dy: tf.tensor(dyv!, info.outShape) },
                  { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
                ) as tf.Tensor,
          ),
        );
      });
    }

    const matMulCases = [
      { a: [64, 200], b: [200, 30], transposeA: false, transposeB: false },
      { a: [200, 64], b: [30, 200], transposeA: true, transposeB: true },
      { a: [3, 17, 40], b: [3, 40, 9], transposeA: false, transposeB: false },
    ];
    for (const c of matMulCases) {
      const label = `a [${c.a}]${c.transposeA ? 'ᵀ' : ''} b [${c.b}]${c.transposeB ? 'ᵀ' : ''} (seed ${testSeed})`;
      const a = random(size(c.a));
      const b = random(size(c.b));
      it(`BatchMatMul within ${BFLOAT16_TOLERANCE} of float32: ${label}`, () => {
        assertBfloat16(
          compare([a, b], (av, bv) => tf.matMul(tf.tensor(av!, c.a), tf.tensor(bv!, c.b), c.transposeA, c.transposeB)),
        );
      });
    }

    it(`_FusedMatMul (a Dense layer's bias and relu) within ${BFLOAT16_TOLERANCE} of float32 (seed ${testSeed})`, () => {
      const a = random(32 * 100);
      const b = random(100 * 20);
      const bias = random(20);
      assertBfloat16(
        compare([a, b, bias], (av, bv, biasv) =>
          tf.fused.matMul({
            a: tf.tensor2d(av!, [32, 100]),
            b: tf.tensor2d(bv!, [100, 20]),
            bias: tf.tensor1d(biasv!),
            activation: 'relu',
          }),
        ),
      );
    });

    it(`runs convolutions over fewer than ${MIN_BFLOAT16_CHANNELS} input channels (RGB images) and depthwise ones in float32`, () => {
      const x = random(2 * 9 * 9 * 3);
      const filter = random(3 * 3 * 3 * 8);
      const rgb = (xv: Float32Array, fv: Float32Array) =>
        tf.conv2d(tf.tensor4d(xv, [2, 9, 9, 3]), tf.tensor4d(fv, [3, 3, 3, 8]), 1, 'same');
      assert.deepEqual(runIn('bfloat16', [x, filter], rgb), runIn('float32', [x, filter], rgb));
      const wide = random(2 * 9 * 9 * 32);
      const depthwiseFilter = random(3 * 3 * 32 * 1);
      const depthwise = (xv: Float32Array, fv: Float32Array) =>
        tf.depthwiseConv2d(tf.tensor4d(xv, [2, 9, 9, 32]), tf.tensor4d(fv, [3, 3, 32, 1]), 2, 'same');
      assert.deepEqual(
        runIn('bfloat16', [wide, depthwiseFilter], depthwise),
        runIn('float32', [wide, depthwiseFilter], depthwise),
      );
    });

    it('leaves float32 results bit for bit as they were before bfloat16 ran (the primitive cache keys on precision)', () => {
      const x = random(4 * 8 * 8 * 16);
      const filter = random(3 * 3 * 16 * 16);
      const conv = (xv: Float32Array, fv: Float32Array) =>
        tf.conv2d(tf.tensor4d(xv, [4, 8, 8, 16]), tf.tensor4d(fv, [3, 3, 16, 16]), 1, 'same');
      const before = runIn('float32', [x, filter], conv);
      const bfloat16 = runIn('bfloat16', [x, filter], conv);
      const afterwards = runIn('float32', [x, filter], conv);
      assert.notDeepEqual(bfloat16, before);
      assert.deepEqual(afterwards, before);
    });
  },
);
