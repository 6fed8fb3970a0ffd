import { DepthwiseConv2dNative } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeAttrs, DepthwiseConv2dNativeInputs } from '@tensorflow/tfjs-core';

import { convForward, type Shape4D } from './convolution.js';
import { depthwiseConvInfo, nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeConfig = nativeKernel<DepthwiseConv2dNativeInputs, DepthwiseConv2dNativeAttrs>(
  DepthwiseConv2dNative,
  ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs;
    const { dataFormat, dimRoundingMode } = attrs;
    if (x === undefined || filter === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = depthwiseConvInfo(x.shape as Shape4D, filter.shape as Shape4D, attrs);
    return convForward(backend, x, filter, undefined, info, true, false);
  },
);
