// Depthwise convolutions over few channels, computed a whole row at a time (see the .cc).
#pragma once

#include "conv_geometry.h"

namespace kiln {

// Whether these kernels take the convolution: depthwise with multiplier 1, stride 1, dilation 1,
// fewer channels than an AVX-512 register holds but output rows at least as long; any padding.
bool isNarrowDepthwise(const ConvGeometry& g);

void narrowDepthwiseForward(const ConvGeometry& g, const float* x, const float* filter, const float* bias, float* y,
                            bool relu);
void narrowDepthwiseBackwardData(const ConvGeometry& g, const float* dy, const float* filter, float* dx);
void narrowDepthwiseBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dFilter);

}  // namespace kiln
