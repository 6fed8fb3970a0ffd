import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs } from '@tensorflow/tfjs-core';

import { convBackwardWeights, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const conv2DBackpropFilterConfig = nativeKernel<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilter,
  ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
    if (x === undefined || dy === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = backend_util.computeConv2DInfo(x.shape as Shape4D, filterShape, strides, 1, pad);
    return convBackwardWeights(backend, x, dy, info, false);
  },
);
