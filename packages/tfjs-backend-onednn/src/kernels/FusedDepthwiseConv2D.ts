import { FusedDepthwiseConv2D } from '@tensorflow/tfjs-core';
import type { FusedDepthwiseConv2DAttrs, FusedDepthwiseConv2DInputs } from '@tensorflow/tfjs-core';

import { convForward, type Shape4D } from './convolution.js';
import { depthwiseConvInfo, nativeConvSupported } from './convGeometry.js';
import { fusedReluFlag } from './fusedActivation.js';
import { nativeKernel } from './nativeKernel.js';

export const fusedDepthwiseConv2DConfig = nativeKernel<FusedDepthwiseConv2DInputs, FusedDepthwiseConv2DAttrs>(
  FusedDepthwiseConv2D,
  ({ inputs, backend, attrs }) => {
    const { x, filter, bias } = inputs;
    const { dataFormat, dimRoundingMode, activation } = attrs;
    const relu = fusedReluFlag(activation);
    if (relu === null || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = depthwiseConvInfo(x.shape as Shape4D, filter.shape as Shape4D, attrs);
    return convForward(backend, x, filter, bias, info, true, relu);
  },
);
