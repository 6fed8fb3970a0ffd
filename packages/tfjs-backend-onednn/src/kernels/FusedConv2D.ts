import { backend_util, FusedConv2D } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, FusedConv2DInputs } from '@tensorflow/tfjs-core';

import { convForward, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { fusedReluFlag } from './fusedActivation.js';
import { nativeKernel } from './nativeKernel.js';

export const fusedConv2DConfig = nativeKernel<FusedConv2DInputs, FusedConv2DAttrs>(
  FusedConv2D,
  ({ inputs, backend, attrs }) => {
    const { x, filter, bias } = inputs;
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation } = attrs;
    const relu = fusedReluFlag(activation);
    if (relu === null || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = backend_util.computeConv2DInfo(x.shape as Shape4D, filter.shape as Shape4D, strides, dilations, pad);
    return convForward(backend, x, filter, bias, info, false, relu);
  },
);
