// The native pooling passes MaxPool, AvgPool and their gradients run through.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from '../backend.js';
import { nativeAddon } from '../native.js';
import type { Shape4D } from './convolution.js';
import { convGeometry, nativeConvSupported } from './convGeometry.js';

export interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function poolInfo(x: TensorInfo, attrs: PoolAttrs): backend_util.Conv2DInfo | null {
  if (!nativeConvSupported(undefined, attrs.dimRoundingMode)) return null;
  return backend_util.computePool2DInfo(x.shape as Shape4D, attrs.filterSize, attrs.strides, 1, attrs.pad);
}

export function poolForward(backend: OneDnnBackend, x: TensorInfo, attrs: PoolAttrs, max: boolean): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const xValues = backend.float32Values(x);
  if (info === null || xValues === null) return null;
  const y = backend.allocateOutput(util.sizeFromShape(info.outShape));
  nativeAddon().poolForward(xValues, y, convGeometry(info, false), max);
  return backend.float32Tensor(info.outShape, y);
}

/** dx of a pooling over `x` (whose values only max pooling reads). */
export function poolBackward(
  backend: OneDnnBackend, dy: TensorInfo, x: TensorInfo, attrs: PoolAttrs, max: boolean,
): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const dyValues = backend.float32Values(dy);
  const xValues = max ? backend.float32Values(x) : null;
  if (info === null || dyValues === null || (max && xValues === null)) return null;
  // tfjs' AvgPoolGrad divides by the whole window even where it overlaps padding (its AvgPool
  // does not); keep its results by leaving padded average pooling to it.
  const { top, bottom, left, right } = info.padInfo;
  if (!max && top + bottom + left + right !== 0) return null;
  const dx = backend.allocateOutput(util.sizeFromShape(info.inShape));
  nativeAddon().poolBackward(dyValues, xValues, dx, convGeometry(info, false), max);
  return backend.float32Tensor(info.inShape, dx);
}
