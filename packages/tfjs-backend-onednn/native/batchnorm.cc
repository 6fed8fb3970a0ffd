// FusedBatchNorm over channels-last data: the forward pass y = (x - mean) * scale / sqrt(variance
// + epsilon) + offset per channel (training and inference differ only in the statistics tfjs
// passes: the batch's or the moving ones), and its gradient in one pass over x and dy, where
// tfjs composes it of about ten whole-tensor kernels.
#include "batchnorm.h"

#include <omp.h>

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

// batchNormGrad(x, dy, mean, variance, scale | null, epsilon, dx, dMean, dVariance, dScale,
// dOffset): the gradients of FusedBatchNorm with respect to each input, statistics per channel.
Napi::Value BatchNormGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormGrad", [&] {
    if (!info[0].IsTypedArray() || !info[2].IsTypedArray()) throw std::invalid_argument("x and mean must be Float32Arrays");
    const int64_t size = info[0].As<Napi::TypedArray>().ElementLength();
    const int64_t channels = info[2].As<Napi::TypedArray>().ElementLength();
    if (channels == 0 || size % channels != 0) throw std::invalid_argument("x's size must be a multiple of mean's");
    const float* x = floatArg(info, 0, size, "x");
    const float* dy = floatArg(info, 1, size, "dy");
    const float* mean = floatArg(info, 2, channels, "mean");
    const float* variance = floatArg(info, 3, channels, "variance");
    const float* scale = optionalFloatArg(info, 4, channels, "scale");
    const double epsilon = info[5].As<Napi::Number>().DoubleValue();
    float* dx = floatArg(info, 6, size, "dx");
    float* dMean = floatArg(info, 7, channels, "dMean");
    float* dVariance = floatArg(info, 8, channels, "dVariance");
    float* dScale = floatArg(info, 9, channels, "dScale");
    float* dOffset = floatArg(info, 10, channels, "dOffset");
    std::vector<double> inverseStd(channels);
    std::vector<float> dxFactor(channels);
    for (int64_t c = 0; c < channels; ++c) {
      inverseStd[c] = 1.0 / std::sqrt(variance[c] + epsilon);
      dxFactor[c] = static_cast<float>(inverseStd[c] * (scale ? scale[c] : 1.f));
    }
    // Per thread: sum of dy, then sum of dy * (x - mean), per channel; in double, as tfjs sums.
    const int threads = omp_get_max_threads();
    std::vector<double> partials(static_cast<size_t>(threads) * 2 * channels, 0.0);
    parallelRanges(size / channels, [&](int64_t firstRow, int64_t endRow) {
      double* sumDy = partials.data() + static_cast<size_t>(omp_get_thread_num()) * 2 * channels;
      double* sumDyCentered = sumDy + channels;
      for (int64_t row = firstRow; row < endRow; ++row) {
        const float* xRow = x + row * channels;
        const float* dyRow = dy + row * channels;
        float* dxRow = dx + row * channels;
        for (int64_t c = 0; c < channels; ++c) {
          sumDy[c] += dyRow[c];
          sumDyCentered[c] += static_cast<double>(dyRow[c]) * (xRow[c] - mean[c]);
          dxRow[c] = dyRow[c] * dxFactor[c];
        }
      }
    }, channels);
    for (int64_t c = 0; c < channels; ++c) {
      double sumDy = 0, sumDyCentered = 0;
      for (int t = 0; t < threads; ++t) {
        sumDy += partials[(static_cast<size_t>(t) * 2) * channels + c];
        sumDyCentered += partials[(static_cast<size_t>(t) * 2 + 1) * channels + c];
      }
      const double s = scale ? scale[c] : 1.0, r = inverseStd[c];
      dMean[c] = static_cast<float>(-r * s * sumDy);
      dVariance[c] = static_cast<float>(-0.5 * r * r * r * s * sumDyCentered);
      dScale[c] = static_cast<float>(r * sumDyCentered);
      dOffset[c] = static_cast<float>(sumDy);
    }
  });
}

}  // namespace kiln
