import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type {
  DepthwiseConv2dNativeBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropInputInputs,
} from '@tensorflow/tfjs-core';

import { convBackwardData, type Shape4D } from './convolution.js';
import { depthwiseConvInfo, nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeBackpropInputConfig = nativeKernel<
  DepthwiseConv2dNativeBackpropInputInputs,
  DepthwiseConv2dNativeBackpropInputAttrs
>(DepthwiseConv2dNativeBackpropInput, ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs;
  const { dimRoundingMode, inputShape } = attrs;
  if (dy === undefined || filter === undefined || !nativeConvSupported(undefined, dimRoundingMode)) return null;
  const info = depthwiseConvInfo(inputShape, filter.shape as Shape4D, attrs);
  return convBackwardData(backend, dy, filter, info, true);
});
