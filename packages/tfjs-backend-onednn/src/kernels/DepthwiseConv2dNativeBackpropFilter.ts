import { backend_util, DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropFilterInputs,
} from '@tensorflow/tfjs-core';

import { convBackwardWeights, type Shape4D } from './convolution.js';
import { nativeConvSupported } from './convGeometry.js';
import { nativeKernel } from './nativeKernel.js';

export const depthwiseConv2dNativeBackpropFilterConfig = nativeKernel<
  DepthwiseConv2dNativeBackpropFilterInputs,
  DepthwiseConv2dNativeBackpropFilterAttrs
>(DepthwiseConv2dNativeBackpropFilter, ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  if (x === undefined || dy === undefined || !nativeConvSupported(undefined, dimRoundingMode)) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4D,
    filterShape,
    strides,
    dilations,
    pad,
    undefined,
    true,
  );
  return convBackwardWeights(backend, x, dy, info, true);
});
