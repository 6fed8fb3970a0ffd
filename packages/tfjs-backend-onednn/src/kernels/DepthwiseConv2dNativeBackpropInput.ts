import { backend_util, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type {
  DepthwiseConv2dNativeBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropInputInputs,
} from '@tensorflow/tfjs-core';

import { convBackwardData, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeBackpropInputConfig = nativeKernel<
  DepthwiseConv2dNativeBackpropInputInputs,
  DepthwiseConv2dNativeBackpropInputAttrs
>(DepthwiseConv2dNativeBackpropInput, ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  if (dy === undefined || filter === undefined || !nativeConvSupported(undefined, dimRoundingMode)) return null;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4D,
    strides,
    dilations,
    pad,
    undefined,
    true,
  );
  return convBackwardData(backend, dy, filter, info, true);
});
