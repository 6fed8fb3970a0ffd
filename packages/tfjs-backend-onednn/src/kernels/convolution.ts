// The three native convolution passes every conv kernel (plain, depthwise, fused) runs through.
// In bfloat16 mode, depthwise ones stay float32: they are bound by memory, not arithmetic, so
// converting their inputs would cost more than bfloat16 saves. So do convolutions over few input
// channels (a network's first, on RGB images): oneDNN's bfloat16 kernels run them far slower than
// float32 (its filter gradient most of all), and they do little of a network's arithmetic.
import { util } from '@tensorflow/tfjs-core';
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from '../backend.js';
import { nativeAddon } from '../native.js';
import { convGeometry } from './convGeometry.js';

export type Shape4D = [number, number, number, number];

/** Input channels from which a convolution runs in bfloat16 in bfloat16 mode. */
export const MIN_BFLOAT16_CHANNELS = 16;

function inBfloat16(backend: OneDnnBackend, info: backend_util.Conv2DInfo, depthwise: boolean): boolean {
  return backend.precision === 'bfloat16' && !depthwise && info.inChannels >= MIN_BFLOAT16_CHANNELS;
}

/** y = relu?(conv(x, filter) + bias?); null when an input is not float32 or bias is not per-channel. */
export function convForward(
  backend: OneDnnBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  info: backend_util.Conv2DInfo,
  depthwise: boolean,
  relu: boolean,
): TensorInfo | null {
  const xValues = backend.float32Values(x);
  const filterValues = backend.float32Values(filter);
  const biasValues = bias === undefined ? null : backend.float32Values(bias);
  if (xValues === null || filterValues === null) return null;
  if (bias !== undefined && (biasValues === null || biasValues.length !== info.outChannels)) return null;
  const y = backend.allocateOutput(util.sizeFromShape(info.outShape));
  nativeAddon().convForward(
    xValues,
    filterValues,
    biasValues,
    y,
    convGeometry(info, depthwise),
    relu,
    inBfloat16(backend, info, depthwise),
  );
  return backend.float32Tensor(info.outShape, y);
}

/** dx, the gradient of the convolution's input. */
export function convBackwardData(
  backend: OneDnnBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  depthwise: boolean,
): TensorInfo | null {
  const dyValues = backend.float32Values(dy);
  const filterValues = backend.float32Values(filter);
  if (dyValues === null || filterValues === null) return null;
  const dx = backend.allocateOutput(util.sizeFromShape(info.inShape));
  nativeAddon().convBackwardData(
    dyValues,
    filterValues,
    dx,
    convGeometry(info, depthwise),
    inBfloat16(backend, info, depthwise),
  );
  return backend.float32Tensor(info.inShape, dx);
}

/** dFilter, the gradient of the convolution's filter. */
export function convBackwardWeights(
  backend: OneDnnBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  depthwise: boolean,
): TensorInfo | null {
  const xValues = backend.float32Values(x);
  const dyValues = backend.float32Values(dy);
  if (xValues === null || dyValues === null) return null;
  const dFilter = backend.allocateOutput(util.sizeFromShape(info.filterShape));
  nativeAddon().convBackwardWeights(
    xValues,
    dyValues,
    dFilter,
    convGeometry(info, depthwise),
    inBfloat16(backend, info, depthwise),
  );
  return backend.float32Tensor(info.filterShape, dFilter);
}
