// FusedBatchNorm over channels-last data: the forward pass y = (x - mean) * scale / sqrt(variance
// + epsilon) + offset per channel (training and inference differ only in the statistics tfjs
// passes: the batch's or the moving ones), and its gradient in one pass over x and dy, where
// tfjs composes it of about ten whole-tensor kernels. And batch normalization in training as one
// op, statistics included (TensorFlow's FusedBatchNormV3 with is_training): tfjs-layers computes
// the batch's moments with four whole-tensor kernels, and their gradient with about ten more.
#include "batchnorm.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "args.h"
#include "channel_sums.h"
#include "check.h"
#include "gelu.h"
#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

// What both passes start with: x, then mean, variance and scale (null for 1) with one value per
// channel (x's innermost dim), then epsilon.
struct Normalization {
  int64_t size, channels;
  const float *x, *mean, *variance, *scale;
  double epsilon;
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
    epsilon = info[4].As<Napi::Number>().DoubleValue();
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

// y = x * factor + shift per channel: the normalization as the forward pass applies it, which the
// gradient recomputes bit for bit to find where a fused ReLU zeroed the output.
struct Affine {
  std::vector<float> factor, shift;

  Affine(int64_t channels, const float* scale, const float* offset, const float* mean, const float* variance, double epsilon)
      : factor(channels), shift(channels) {
    for (int64_t c = 0; c < channels; ++c) {
      factor[c] = static_cast<float>((scale ? scale[c] : 1.0) / std::sqrt(variance[c] + epsilon));
      shift[c] = offset[c] - mean[c] * factor[c];
    }
  }
};

// The activation a batchNormTraining applies to the normalized x (argument `index`).
enum class Activation { kLinear, kRelu, kGelu };

Activation activationArg(const Napi::CallbackInfo& info, size_t index) {
  const std::string name = info[index].IsString() ? info[index].As<Napi::String>().Utf8Value() : "";
  if (name == "linear") return Activation::kLinear;
  if (name == "relu") return Activation::kRelu;
  if (name == "gelu") return Activation::kGelu;
  throw std::invalid_argument("activation must be 'linear', 'relu' or 'gelu', got '" + name + "'");
}

// With GELU, each thread normalizes one cache-sized block of rows, then runs GELU (oneDNN's, see
// gelu.cc) on it while it is in cache, rather than both reading and writing memory in two passes;
// and all of that in one parallel region: a region per block made the threads wait for each other
// hundreds of times per layer. Calls block(firstRow, endRow, gelu, stream) on the threads for
// consecutive blocks covering [0, rows), rethrowing the first exception after the region.
template <typename Block>
void forEachCacheBlock(int64_t rows, int64_t channels, Block block) {
  constexpr int64_t kBlockElements = 1 << 16;
  const int64_t blockRows = std::max<int64_t>(1, kBlockElements / channels);
  const int64_t blocks = (rows + blockRows - 1) / blockRows;
  const GeluBlocks gelu(blockRows * channels, (rows - (blocks - 1) * blockRows) * channels);
  std::exception_ptr failure;
#pragma omp parallel
  {
    try {
      dnnl::stream stream(cpuEngine());
#pragma omp for schedule(static)
      for (int64_t b = 0; b < blocks; ++b) block(b * blockRows, std::min(rows, (b + 1) * blockRows), gelu, stream);
    } catch (...) {
#pragma omp critical
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

// batchNormTraining(x, channels, scale | null, offset, epsilon, y, mean, variance, activation):
// normalizes x by its own per-channel mean and (biased) variance, as tfjs' moments() computes them,
// and returns those statistics. With activation 'relu' or 'gelu', y is that function of the
// normalized x, as TensorFlow's _FusedBatchNormEx: passes over the activations fewer forward and back.
Napi::Value BatchNormTrainingJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormTraining", [&] {
    if (!info[0].IsTypedArray()) throw std::invalid_argument("x must be a Float32Array");
    const int64_t size = info[0].As<Napi::TypedArray>().ElementLength();
    const int64_t channels = info[1].As<Napi::Number>().Int64Value();
    if (channels <= 0 || size == 0 || size % channels != 0) throw std::invalid_argument("x's size must be a positive multiple of channels");
    const int64_t rows = size / channels;
    const float* x = floatArg(info, 0, size, "x");
    const float* scale = optionalFloatArg(info, 2, channels, "scale");
    const float* offset = floatArg(info, 3, channels, "offset");
    const double epsilon = info[4].As<Napi::Number>().DoubleValue();
    float* y = floatArg(info, 5, size, "y");
    float* mean = floatArg(info, 6, channels, "mean");
    float* variance = floatArg(info, 7, channels, "variance");
    const Activation activation = activationArg(info, 8);

    // One pass for both statistics, over x - shift with shift the mean of the first rows: with the
    // shift near the mean, sum((x - shift)^2) / N - (sum(x - shift) / N)^2 loses no more than
    // tfjs' two passes do (the mean, then squared deviations from it), and x is read once less.
    constexpr int64_t kShiftRows = 64;
    const int64_t shiftRows = std::min(rows, kShiftRows);
    std::vector<float> shiftValues(channels, 0.f);
    for (int64_t c = 0; c < channels; ++c) {
      double sum = 0;
      for (int64_t row = 0; row < shiftRows; ++row) sum += x[row * channels + c];
      shiftValues[c] = static_cast<float>(sum / shiftRows);
    }
    const float* shifts = shiftValues.data();
    std::vector<double> sums[2];
    channelSums<2>(rows, channels, [&](int64_t row, float* sum) {
      const float* xRow = x + row * channels;
      float* sumSquares = sum + channels;
#pragma omp simd
      for (int64_t c = 0; c < channels; ++c) {
        const float d = xRow[c] - shifts[c];
        sum[c] += d;
        sumSquares[c] += d * d;
      }
    }, sums);
    for (int64_t c = 0; c < channels; ++c) {
      const double meanShift = sums[0][c] / rows;
      mean[c] = static_cast<float>(shifts[c] + meanShift);
      variance[c] = static_cast<float>(std::max(0.0, sums[1][c] / rows - meanShift * meanShift));
    }
    const Affine affine(channels, scale, offset, mean, variance, epsilon);
    const float* factor = affine.factor.data();
    const float* shift = affine.shift.data();
    auto normalizeRows = [&](int64_t first, int64_t end, auto activate) {
      for (int64_t row = first; row < end; ++row) {
        const float* xRow = x + row * channels;
        float* yRow = y + row * channels;
        for (int64_t c = 0; c < channels; ++c) yRow[c] = activate(xRow[c] * factor[c] + shift[c]);
      }
    };
    auto normalize = [&](auto activate) {
      parallelRanges(rows, [&](int64_t first, int64_t end) { normalizeRows(first, end, activate); }, channels);
    };
    if (activation == Activation::kRelu) {
      normalize([](float v) { return v < 0.f ? 0.f : v; });
    } else if (activation == Activation::kGelu) {
      forEachCacheBlock(rows, channels, [&](int64_t first, int64_t end, const GeluBlocks& gelu, dnnl::stream& stream) {
        normalizeRows(first, end, [](float v) { return v; });
        gelu.forward(y + first * channels, y + first * channels, (end - first) * channels, stream);
      });
    } else {
      normalize([](float v) { return v; });
    }
  });
}

// batchNormTrainingGrad(x, mean, variance, scale | null, epsilon, dy, dMean, dVariance, dx,
// dScale, dOffset, offset, activation): the gradients of batchNormTraining's y (dy), mean (dMean)
// and variance (dVariance) with respect to x, scale and offset, the statistics being functions of
// x. With an activation, dy is first multiplied by its derivative at the normalized x, recomputed
// exactly as the forward pass computed it (no need to keep the normalized x): ReLU's on the fly;
// GELU's block by block into dx, which the sums then read from cache and the last pass turns into
// the gradient in place.
Napi::Value BatchNormTrainingGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormTrainingGrad", [&] {
    const Normalization n(info);
    const int64_t channels = n.channels, rows = n.size / channels;
    const float* dyIn = floatArg(info, 5, n.size, "dy");
    const float* dMean = floatArg(info, 6, channels, "dMean");
    const float* dVariance = floatArg(info, 7, channels, "dVariance");
    float* dx = floatArg(info, 8, n.size, "dx");
    float* dScale = floatArg(info, 9, channels, "dScale");
    float* dOffset = floatArg(info, 10, channels, "dOffset");
    const float* offset = floatArg(info, 11, channels, "offset");
    const Activation activation = activationArg(info, 12);
    const Affine affine(channels, n.scale, offset, n.mean, n.variance, n.epsilon);
    std::vector<float> inverseStd(channels);
    for (int64_t c = 0; c < channels; ++c) inverseStd[c] = static_cast<float>(n.inverseStd[c]);
    const float *inverse = inverseStd.data(), *factor = affine.factor.data(), *shift = affine.shift.data();
    // sum(dy) and sum(dy * xHat), xHat = (x - mean) / std: adds row `row`'s terms to sum[c] and
    // sum[channels + c].
    auto addRow = [&](const float* dySource, int64_t row, float* sum, auto dyAt) {
      const float* xRow = n.x + row * channels;
      const float* dyRow = dySource + row * channels;
      float* sumDyXHat = sum + channels;
      // More arrays than GCC checks for overlap at run time: without the pragma the ReLU variant
      // runs unvectorized.
#pragma omp simd
      for (int64_t c = 0; c < channels; ++c) {
        const float dy = dyAt(dyRow[c], xRow[c] * factor[c] + shift[c]);
        sum[c] += dy;
        sumDyXHat[c] += dy * (xRow[c] - n.mean[c]) * inverse[c];
      }
    };
    std::vector<double> totals[2];
    auto addSums = [&](const float* dySource, auto dyAt) {
      channelSums<2>(rows, channels, [&](int64_t row, float* sum) { addRow(dySource, row, sum, dyAt); }, totals);
    };
    // dx = scale / std * (dy - mean(dy) - xHat * mean(dy * xHat)) + dMean / N + dVariance * 2 (x - mean) / N,
    // written as dx = dy * a + (x - mean) * b + k per channel. dySource may be dx.
    auto finish = [&](const float* dySource, auto dyAt) {
      std::vector<float> a(channels), b(channels), k(channels);
      for (int64_t c = 0; c < channels; ++c) {
        const double r = n.inverseStd[c], s = n.scaleOf(c);
        a[c] = static_cast<float>(s * r);
        b[c] = static_cast<float>(-s * r * r * totals[1][c] / rows + 2.0 * dVariance[c] / rows);
        k[c] = static_cast<float>(-s * r * totals[0][c] / rows + dMean[c] / static_cast<double>(rows));
        dScale[c] = static_cast<float>(totals[1][c]);
        dOffset[c] = static_cast<float>(totals[0][c]);
      }
      parallelRanges(rows, [&](int64_t firstRow, int64_t endRow) {
        for (int64_t row = firstRow; row < endRow; ++row) {
          const float* xRow = n.x + row * channels;
          const float* dyRow = dySource + row * channels;
          float* dxRow = dx + row * channels;
#pragma omp simd
          for (int64_t c = 0; c < channels; ++c) {
            const float dy = dyAt(dyRow[c], xRow[c] * factor[c] + shift[c]);
            dxRow[c] = dy * a[c] + (xRow[c] - n.mean[c]) * b[c] + k[c];
          }
        }
      }, channels);
    };
    const auto plain = [](float dy, float) { return dy; };
    if (activation == Activation::kRelu) {
      const auto reluGrad = [](float dy, float normalized) { return normalized > 0.f ? dy : 0.f; };
      addSums(dyIn, reluGrad);
      finish(dyIn, reluGrad);
    } else if (activation == Activation::kGelu) {
      // Per thread, its sums (in double, from float sums over a block's rows, as channelSums).
      std::vector<double> partials(static_cast<size_t>(omp_get_max_threads()) * 2 * channels, 0.0);
      forEachCacheBlock(rows, channels, [&](int64_t first, int64_t end, const GeluBlocks& gelu, dnnl::stream& stream) {
        thread_local std::vector<float> normalized, blockSums;
        normalized.resize((end - first) * channels);
        for (int64_t row = first; row < end; ++row) {
          const float* xRow = n.x + row * channels;
          float* out = normalized.data() + (row - first) * channels;
          for (int64_t c = 0; c < channels; ++c) out[c] = xRow[c] * factor[c] + shift[c];
        }
        gelu.backward(normalized.data(), dyIn + first * channels, dx + first * channels, (end - first) * channels,
                      stream);
        blockSums.assign(2 * channels, 0.f);
        for (int64_t row = first; row < end; ++row) addRow(dx, row, blockSums.data(), plain);
        double* mine = partials.data() + static_cast<size_t>(omp_get_thread_num()) * 2 * channels;
        for (int64_t i = 0; i < 2 * channels; ++i) mine[i] += blockSums[i];
      });
      for (int t = 0; t < 2; ++t) {
        totals[t].assign(channels, 0.0);
        for (int thread = 0; thread < omp_get_max_threads(); ++thread) {
          for (int64_t c = 0; c < channels; ++c) totals[t][c] += partials[(static_cast<size_t>(thread) * 2 + t) * channels + c];
        }
      }
      finish(dx, plain);
    } else {
      addSums(dyIn, plain);
      finish(dyIn, plain);
    }
  });
}

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
