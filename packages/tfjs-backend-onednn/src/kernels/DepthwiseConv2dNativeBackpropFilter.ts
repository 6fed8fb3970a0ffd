import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropFilterInputs,
} from '@tensorflow/tfjs-core';

import { convBackwardWeights, type Shape4D } from './convolution.js';
import { depthwiseConvInfo, nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeBackpropFilterConfig = nativeKernel<
  DepthwiseConv2dNativeBackpropFilterInputs,
  DepthwiseConv2dNativeBackpropFilterAttrs
>(DepthwiseConv2dNativeBackpropFilter, ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  const { dimRoundingMode, filterShape } = attrs;
  if (x === undefined || dy === undefined || !nativeConvSupported(undefined, dimRoundingMode)) return null;
  const info = depthwiseConvInfo(x.shape as Shape4D, filterShape, attrs);
  return convBackwardWeights(backend, x, dy, info, true);
});
