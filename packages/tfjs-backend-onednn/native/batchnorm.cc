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

namespace {

// What both passes start with: x, then mean, variance and scale (null for 1) with one value per
// channel (x's innermost dim), then epsilon.
struct Normalization {
  int64_t size, channels;
  const float *x, *mean, *variance, *scale;
  // 1 / sqrt(variance + epsilon), per channel.
  std::vector<double> inverseStd;

  explicit Normalization(const Napi::CallbackInfo& info) {
    if (!info[0].IsTypedArray() || !info[1].IsTypedArray()) throw std::invalid_argument("x and mean must be Float32Arrays");
    size = info[0].As<Napi::TypedArray>().ElementLength();
    channels = info[1].As<Napi::TypedArray>().ElementLength();
    if (channels == 0 || size % channels != 0) throw std::invalid_argument("x's size must be a multiple of mean's");
    x = floatArg(info, 0, size, "x");
    mean = floatArg(info, 1, channels, "mean");
    variance = floatArg(info, 2, channels, "variance");
    scale = optionalFloatArg(info, 3, channels, "scale");
    const double epsilon = info[4].As<Napi::Number>().DoubleValue();
    inverseStd.resize(channels);
    for (int64_t c = 0; c < channels; ++c) inverseStd[c] = 1.0 / std::sqrt(variance[c] + epsilon);
  }

  double scaleOf(int64_t c) const { return scale ? scale[c] : 1.0; }
  // What dy (backward) or x - mean (forward) is multiplied by, per channel.
  std::vector<float> factors() const {
    std::vector<float> f(channels);
    for (int64_t c = 0; c < channels; ++c) f[c] = static_cast<float>(inverseStd[c] * scaleOf(c));
    return f;
  }
};

}  // namespace

// batchNorm(x, mean, variance, scale | null, epsilon, offset, y).
Napi::Value BatchNormJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNorm", [&] {
    const Normalization n(info);
    const float* offset = floatArg(info, 5, n.channels, "offset");
    float* y = floatArg(info, 6, n.size, "y");
    const std::vector<float> factor = n.factors();
    parallelRanges(n.size / n.channels, [&](int64_t firstRow, int64_t endRow) {
      for (int64_t row = firstRow; row < endRow; ++row) {
        const float* xRow = n.x + row * n.channels;
        float* yRow = y + row * n.channels;
        for (int64_t c = 0; c < n.channels; ++c) yRow[c] = (xRow[c] - n.mean[c]) * factor[c] + offset[c];
      }
    }, n.channels);
  });
}

// batchNormGrad(x, mean, variance, scale | null, epsilon, dy, dx, dMean, dVariance, dScale,
// dOffset): the gradients of FusedBatchNorm with respect to each of its inputs.
Napi::Value BatchNormGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormGrad", [&] {
    const Normalization n(info);
    const int64_t channels = n.channels;
    const float* dy = floatArg(info, 5, n.size, "dy");
    float* dx = floatArg(info, 6, n.size, "dx");
    float* dMean = floatArg(info, 7, channels, "dMean");
    float* dVariance = floatArg(info, 8, channels, "dVariance");
    float* dScale = floatArg(info, 9, channels, "dScale");
    float* dOffset = floatArg(info, 10, channels, "dOffset");
    const std::vector<float> dxFactor = n.factors();
    // Per thread: sum of dy, then sum of dy * (x - mean), per channel; in double, as tfjs sums.
    const int threads = omp_get_max_threads();
    std::vector<double> partials(static_cast<size_t>(threads) * 2 * channels, 0.0);
    parallelRanges(n.size / channels, [&](int64_t firstRow, int64_t endRow) {
      double* sumDy = partials.data() + static_cast<size_t>(omp_get_thread_num()) * 2 * channels;
      double* sumDyCentered = sumDy + channels;
      for (int64_t row = firstRow; row < endRow; ++row) {
        const float* xRow = n.x + row * channels;
        const float* dyRow = dy + row * channels;
        float* dxRow = dx + row * channels;
        for (int64_t c = 0; c < channels; ++c) {
          sumDy[c] += dyRow[c];
          sumDyCentered[c] += static_cast<double>(dyRow[c]) * (xRow[c] - n.mean[c]);
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
      const double r = n.inverseStd[c], s = n.scaleOf(c);
      dMean[c] = static_cast<float>(-r * s * sumDy);
      dVariance[c] = static_cast<float>(-0.5 * r * r * r * s * sumDyCentered);
      dScale[c] = static_cast<float>(r * sumDyCentered);
      dOffset[c] = static_cast<float>(sumDy);
    }
  });
}

}  // namespace kiln
