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

/**
 * y = max pooling of x. oneDNN's gradient reads where each maximum was from a workspace the
 * forward pass writes: the backend keeps it with y (see OneDnnBackend.keepPoolWorkspace), so that
 * the gradient need not rerun this pass (it did: 40% of MaxPoolGrad's time).
 */
export function maxPoolForward(backend: OneDnnBackend, x: TensorInfo, attrs: PoolAttrs): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const xValues = backend.float32Values(x);
  if (info === null || xValues === null) return null;
  const geometry = convGeometry(info, false);
  const y = backend.allocateOutput(util.sizeFromShape(info.outShape));
  const workspace = backend.allocateBytes(nativeAddon().maxPoolWorkspaceBytes(geometry));
  nativeAddon().poolForward(xValues, y, workspace, geometry, true);
  const output = backend.float32Tensor(info.outShape, y);
  backend.keepPoolWorkspace(output, geometry.join(), workspace);
  return output;
}

/** dx of max pooling `x` into `output`: from the workspace kept with output, else from x. */
export function maxPoolBackward(
  backend: OneDnnBackend, dy: TensorInfo, x: TensorInfo, output: TensorInfo | undefined, attrs: PoolAttrs,
): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const dyValues = backend.float32Values(dy);
  const xValues = backend.float32Values(x);
  if (info === null || dyValues === null || xValues === null) return null;
  const geometry = convGeometry(info, false);
  const workspace = output === undefined ? null : backend.poolWorkspaceOf(output, geometry.join());
  const dx = backend.allocateOutput(util.sizeFromShape(info.inShape));
  nativeAddon().poolBackward(dyValues, xValues, workspace, dx, geometry, true);
  return backend.float32Tensor(info.inShape, dx);
}

export function avgPoolForward(backend: OneDnnBackend, x: TensorInfo, attrs: PoolAttrs): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const xValues = backend.float32Values(x);
  if (info === null || xValues === null) return null;
  const y = backend.allocateOutput(util.sizeFromShape(info.outShape));
  nativeAddon().poolForward(xValues, y, null, convGeometry(info, false), false);
  return backend.float32Tensor(info.outShape, y);
}

/** dx of average pooling over `x` (whose shape only is read). */
export function avgPoolBackward(backend: OneDnnBackend, dy: TensorInfo, x: TensorInfo, attrs: PoolAttrs): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const dyValues = backend.float32Values(dy);
  if (info === null || dyValues === null) return null;
  // tfjs' AvgPoolGrad divides by the whole window even where it overlaps padding (its AvgPool
  // does not); keep its results by leaving padded average pooling to it.
  const { top, bottom, left, right } = info.padInfo;
  if (top + bottom + left + right !== 0) return null;
  const dx = backend.allocateOutput(util.sizeFromShape(info.inShape));
  nativeAddon().poolBackward(dyValues, null, null, dx, convGeometry(info, false), false);
  return backend.float32Tensor(info.inShape, dx);
}
