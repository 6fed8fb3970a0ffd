// Element-wise unary functions, with the formulas (and NaN behaviour) of tfjs' cpu kernels.
#include "eltwise.h"

#include <cmath>
#include <string>
#include <vector>

#include "args.h"
#include "channel_sums.h"
#include "check.h"
#include "parallel.h"
#include "gelu.h"
#include "step.h"

namespace kiln {

namespace {

template <typename Fn>
void runUnary(const float* x, float* y, int64_t n, Fn fn) {
  parallelRanges(n, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] = fn(x[i]);
  });
}

// x and y, Float32Arrays of the same length, and that length.
struct UnaryArgs {
  const float* x;
  float* y;
  int64_t n;
};

UnaryArgs unaryArgs(const Napi::CallbackInfo& info, size_t xIndex) {
  if (!info[xIndex].IsTypedArray()) throw std::invalid_argument("x must be a Float32Array");
  const size_t n = info[xIndex].As<Napi::TypedArray>().ElementLength();
  return {floatArg(info, xIndex, n, "x"), floatArg(info, xIndex + 1, n, "y (x's length)"), static_cast<int64_t>(n)};
}

}  // namespace

// eltwise(fn, x, y, alpha): alpha is LeakyRelu's slope, unused by the others.
Napi::Value EltwiseJs(const Napi::CallbackInfo& info) {
  return guarded(info, "eltwise", [&] {
    const std::string fn = info[0].As<Napi::String>().Utf8Value();
    const auto [x, y, n] = unaryArgs(info, 1);
    const float alpha = info[3].As<Napi::Number>().FloatValue();
    if (fn == "relu") {
      runUnary(x, y, n, [](float v) { return v < 0.f ? 0.f : v; });
    } else if (fn == "leakyRelu") {
      runUnary(x, y, n, [alpha](float v) { return v < 0.f ? alpha * v : v; });
    } else if (fn == "elu") {
      runUnary(x, y, n, [](float v) { return v >= 0.f ? v : std::expm1(v); });
    } else if (fn == "sigmoid") {
      runUnary(x, y, n, [](float v) { return 1.f / (1.f + std::exp(-v)); });
    } else if (fn == "tanh") {
      runUnary(x, y, n, [](float v) { return std::tanh(v); });
    } else if (fn == "exp") {
      runUnary(x, y, n, [](float v) { return std::exp(v); });
    } else if (fn == "log") {
      runUnary(x, y, n, [](float v) { return std::log(v); });
    } else if (fn == "sqrt") {
      runUnary(x, y, n, [](float v) { return std::sqrt(v); });
    } else if (fn == "rsqrt") {
      runUnary(x, y, n, [](float v) { return 1.f / std::sqrt(v); });
    } else if (fn == "square") {
      runUnary(x, y, n, [](float v) { return v * v; });
    } else if (fn == "abs") {
      runUnary(x, y, n, [](float v) { return std::fabs(v); });
    } else if (fn == "neg") {
      runUnary(x, y, n, [](float v) { return -v; });
    } else if (fn == "floor") {
      runUnary(x, y, n, [](float v) { return std::floor(v); });
    } else if (fn == "gelu") {
      geluErf(x, y, n);
    } else {
      throw std::invalid_argument("unknown function '" + fn + "'");
    }
  });
}

// step(x, y, alpha): 1 above 0, else alpha; NaN stays NaN (tfjs' Step, ReLU's gradient).
Napi::Value StepJs(const Napi::CallbackInfo& info) {
  return guarded(info, "step", [&] {
    const auto [x, y, n] = unaryArgs(info, 0);
    const float alpha = info[2].As<Napi::Number>().FloatValue();
    runUnary(x, y, n, [alpha](float v) { return stepOf(v, 1.f, alpha); });
  });
}

// unaryGrad(fn, x, dy, dx): dx = dy * f'(x) in one pass, with tfjs' formulas: 'relu' dy * step(x)
// (NaN where x is), 'square' dy * 2x; and 'gelu' dy * (Φ(x) + x φ(x)).
Napi::Value UnaryGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "unaryGrad", [&] {
    const std::string fn = info[0].As<Napi::String>().Utf8Value();
    if (!info[1].IsTypedArray()) throw std::invalid_argument("x must be a Float32Array");
    const int64_t n = info[1].As<Napi::TypedArray>().ElementLength();
    const float* x = floatArg(info, 1, n, "x");
    const float* dy = floatArg(info, 2, n, "dy (x's length)");
    float* dx = floatArg(info, 3, n, "dx (x's length)");
    auto run = [&](auto derivative) {
      parallelRanges(n, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) dx[i] = dy[i] * derivative(x[i]);
      });
    };
    if (fn == "relu") {
      run([](float v) { return stepOf(v, 1.f, 0.f); });
    } else if (fn == "square") {
      run([](float v) { return v * 2.f; });
    } else if (fn == "gelu") {
      geluErfGrad(x, dy, dx, n);
    } else {
      throw std::invalid_argument("unknown function '" + fn + "' (expected relu, square or gelu)");
    }
  });
}

// reluBiasGrad(y, dy, dz, dBias): the gradient of y = relu(z), z = w + bias (bias per channel, y's
// last dim), in one pass: dz = dy * step(y), as ReluGrad, and dBias = dz summed per channel.
// oneDNN can sum dBias in the convolution's backward-weights pass, but that slows its 1x1 kernels.
Napi::Value ReluBiasGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "reluBiasGrad", [&] {
    if (!info[0].IsTypedArray() || !info[3].IsTypedArray()) throw std::invalid_argument("y and dBias must be Float32Arrays");
    const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
    const int64_t channels = info[3].As<Napi::TypedArray>().ElementLength();
    if (channels == 0 || n % channels != 0) throw std::invalid_argument("y's size must be a multiple of dBias'");
    const float* y = floatArg(info, 0, n, "y");
    const float* dy = floatArg(info, 1, n, "dy (y's length)");
    float* dz = floatArg(info, 2, n, "dz (y's length)");
    float* dBias = floatArg(info, 3, channels, "dBias");
    std::vector<double> sums[1];
    channelSums<1>(n / channels, channels, [&](int64_t row, float* sum) {
      const int64_t first = row * channels;
      for (int64_t c = 0; c < channels; ++c) {
        const float d = dy[first + c] * stepOf(y[first + c], 1.f, 0.f);
        dz[first + c] = d;
        sum[c] += d;
      }
    }, sums);
    for (int64_t c = 0; c < channels; ++c) dBias[c] = static_cast<float>(sums[0][c]);
  });
}

}  // namespace kiln
