import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropFilterInputs } from '@tensorflow/tfjs-core';

import { convBackwardWeights, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: Conv2DBackpropFilter that also returns the bias gradient (dy summed per
 * output channel), which oneDNN computes in the same pass over dy. Outputs [dFilter, dBias].
 */
export const Conv2DBackpropFilterBias = 'OneDnnConv2DBackpropFilterBias';

export const conv2DBackpropFilterBiasConfig = nativeKernel<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilterBias,
  ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
    if (x === undefined || dy === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) {
      throw new Error(`${Conv2DBackpropFilterBias} takes NHWC float32 x and dy`);
    }
    const info = backend_util.computeConv2DInfo(x.shape as Shape4D, filterShape, strides, 1, pad);
    const outputs = convBackwardWeights(backend, x, dy, info, false, true);
    if (outputs === null) throw new Error(`${Conv2DBackpropFilterBias} takes float32 x and dy`);
    return outputs;
  },
);
