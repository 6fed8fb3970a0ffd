import { backend_util, Conv2D } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, Conv2DInputs } from '@tensorflow/tfjs-core';

import { convForward, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const conv2DConfig = nativeKernel<Conv2DInputs, Conv2DAttrs>(Conv2D, ({ inputs, backend, attrs }) => {
  const { x, filter } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  if (x === undefined || filter === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4D, filter.shape as Shape4D, strides, dilations, pad);
  return convForward(backend, x, filter, undefined, info, false, false);
});
