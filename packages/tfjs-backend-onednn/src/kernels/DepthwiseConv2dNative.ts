import { backend_util, DepthwiseConv2dNative } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeAttrs, DepthwiseConv2dNativeInputs } from '@tensorflow/tfjs-core';

import { convForward, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeConfig = nativeKernel<DepthwiseConv2dNativeInputs, DepthwiseConv2dNativeAttrs>(
  DepthwiseConv2dNative,
  ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
    if (x === undefined || filter === undefined || !nativeConvSupported(dataFormat, dimRoundingMode)) return null;
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4D,
      filter.shape as Shape4D,
      strides,
      dilations,
      pad,
      undefined,
      true,
    );
    return convForward(backend, x, filter, undefined, info, true, false);
  },
);
