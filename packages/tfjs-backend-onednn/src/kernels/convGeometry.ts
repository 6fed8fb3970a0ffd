// The geometry array native convolutions take (native/conv.cc, struct ConvGeometry), from tfjs'
// own convolution info so that padding (SAME/VALID/explicit), strides and dilations match exactly.
import { backend_util } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeAttrs } from '@tensorflow/tfjs-core';

import type { ConvGeometry } from '../native.js';

export function convGeometry(info: backend_util.Conv2DInfo, depthwise: boolean): ConvGeometry {
  const { padInfo } = info;
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    padInfo.top,
    padInfo.left,
    padInfo.bottom,
    padInfo.right,
    info.dilationHeight,
    info.dilationWidth,
    depthwise ? 1 : 0,
  ];
}

/** Whether a convolution is one the native kernels run: NHWC, no non-floor output rounding. */
export function nativeConvSupported(dataFormat: string | undefined, dimRoundingMode: string | undefined): boolean {
  return (dataFormat === undefined || dataFormat === 'NHWC') && dimRoundingMode === undefined;
}

/** A depthwise convolution's tfjs info (its depthwise flag set), as each of its kernels reads it. */
export function depthwiseConvInfo(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  { strides, dilations, pad }: Pick<DepthwiseConv2dNativeAttrs, 'strides' | 'dilations' | 'pad'>,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(inputShape, filterShape, strides, dilations, pad, undefined, true);
}
