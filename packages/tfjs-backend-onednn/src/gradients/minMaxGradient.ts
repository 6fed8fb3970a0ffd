// The gradients of Max and Min (GlobalMaxPooling2D's) in one native pass: tfjs' compares x with the
// broadcast extrema into a boolean mask (a kernel the backend runs in JS), casts it, which leaves it
// in bytes that the native Multiply does not take, and multiplies.
import { backend_util, engine, Max, Min, reshape, util } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { MinMaxGrad } from '../kernels/MinMaxGrad.js';
import { backendHasKernel, registerNativeGradient } from './nativeGradient.js';
import type { NativeGradient } from './nativeGradient.js';

// Max and Min save their input and output, and name their axes reductionIndices and axis.
const minMaxGradient =
  (axisAttribute: 'reductionIndices' | 'axis'): NativeGradient =>
  (dy, [x, y], attrs) => {
    if (x === undefined || y === undefined || x.rank === 0 || !backendHasKernel(MinMaxGrad)) return null;
    if (x.dtype !== 'float32' || y.dtype !== 'float32' || dy.dtype !== 'float32') return null;
    const axes = util.parseAxisParam(attrs[axisAttribute] as number | number[], x.shape);
    // With keepDims, y already has x's rank.
    const kept = y.rank === x.rank ? [...y.shape] : backend_util.expandShapeToKeepDim(y.shape, axes);
    const dx = engine().runKernel(MinMaxGrad, { x, y: reshape(y, kept), dy: reshape(dy, kept) }) as Tensor;
    return { x: () => dx };
  };

export function registerMinMaxGradients(): void {
  registerNativeGradient(Max, minMaxGradient('reductionIndices'));
  registerNativeGradient(Min, minMaxGradient('axis'));
}
