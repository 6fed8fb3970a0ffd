import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs } from '@tensorflow/tfjs-core';

import { convBackwardData, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const conv2DBackpropInputConfig = nativeKernel<Conv2DBackpropInputInputs, Conv2DBackpropInputAttrs>(
  Conv2DBackpropInput,
  ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs;
    if (dy === undefined || filter === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4D, strides, 1, pad);
    return convBackwardData(backend, dy, filter, info, false);
  },
);
