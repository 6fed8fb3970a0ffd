// FusedBatchNorm's forward pass over channels-last data: y = (x - mean) * scale / sqrt(variance +
// epsilon) + offset, per channel. Training and inference differ only in the statistics tfjs passes
// (the batch's or the moving ones); tfjs composes the gradient from other kernels.
#include "batchnorm.h"

#include <cmath>
#include <vector>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

// batchNorm(x, mean, variance, offset, scale, y, epsilon): the four statistics hold one value per
// channel, x's innermost dim.
Napi::Value BatchNormJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNorm", [&] {
    if (!info[0].IsTypedArray() || !info[1].IsTypedArray()) throw std::invalid_argument("x and mean must be Float32Arrays");
    const int64_t size = info[0].As<Napi::TypedArray>().ElementLength();
    const int64_t channels = info[1].As<Napi::TypedArray>().ElementLength();
    if (channels == 0 || size % channels != 0) throw std::invalid_argument("x's size must be a multiple of mean's");
    const float* x = floatArg(info, 0, size, "x");
    const float* mean = floatArg(info, 1, channels, "mean");
    const float* variance = floatArg(info, 2, channels, "variance");
    const float* offset = floatArg(info, 3, channels, "offset");
    const float* scale = floatArg(info, 4, channels, "scale");
    float* y = floatArg(info, 5, size, "y");
    const double epsilon = info[6].As<Napi::Number>().DoubleValue();
    std::vector<float> factor(channels);
    for (int64_t c = 0; c < channels; ++c) factor[c] = static_cast<float>(scale[c] / std::sqrt(variance[c] + epsilon));
    parallelRanges(size / channels, [&](int64_t firstRow, int64_t endRow) {
      for (int64_t row = firstRow; row < endRow; ++row) {
        const float* xRow = x + row * channels;
        float* yRow = y + row * channels;
        for (int64_t c = 0; c < channels; ++c) yRow[c] = (xRow[c] - mean[c]) * factor[c] + offset[c];
      }
    }, channels);
  });
}

}  // namespace kiln
