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
 * y = max (max = true) or average pooling of x. oneDNN's max pooling gradient reads where each
 * maximum was from a workspace the forward pass writes: the backend keeps it with y (see
 * OneDnnBackend.keepPoolWorkspace), so that the gradient need not rerun this pass (which was most
 * of MaxPoolGrad's time).
 */
export function poolForward(backend: OneDnnBackend, x: TensorInfo, attrs: PoolAttrs, max: boolean): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const xValues = backend.float32Values(x);
  if (info === null || xValues === null) return null;
  const geometry = convGeometry(info, false);
  const y = backend.allocateOutput(util.sizeFromShape(info.outShape));
  const workspace = max ? backend.allocateBytes(nativeAddon().maxPoolWorkspaceBytes(geometry)) : null;
  nativeAddon().poolForward(xValues, y, workspace, geometry, max);
  const output = backend.float32Tensor(info.outShape, y);
  if (workspace !== null) backend.keepPoolWorkspace(output, geometry.join(), workspace);
  return output;
}

/**
 * dx of a pooling of `x` into `output`. Max pooling reads the workspace kept with output, else x;
 * average pooling only x's shape.
 */
export function poolBackward(
  backend: OneDnnBackend,
  dy: TensorInfo,
  x: TensorInfo,
  output: TensorInfo | undefined,
  attrs: PoolAttrs,
  max: boolean,
): TensorInfo | null {
  const info = poolInfo(x, attrs);
  const dyValues = backend.float32Values(dy);
  const xValues = max ? backend.float32Values(x) : null;
  if (info === null || dyValues === null || (max && xValues === null)) return null;
  // tfjs' AvgPoolGrad divides by the whole window even where it overlaps padding (its AvgPool
  // does not); keep its results by leaving padded average pooling to it.
  const { top, bottom, left, right } = info.padInfo;
  if (!max && top + bottom + left + right !== 0) return null;
  const geometry = convGeometry(info, false);
  const workspace = max && output !== undefined ? backend.poolWorkspaceOf(output, geometry.join()) : null;
  const dx = backend.allocateOutput(util.sizeFromShape(info.inShape));
  nativeAddon().poolBackward(dyValues, xValues, workspace, dx, geometry, max);
  return backend.float32Tensor(info.inShape, dx);
}
