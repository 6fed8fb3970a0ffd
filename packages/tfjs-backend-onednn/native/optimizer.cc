// Optimizer updates in one pass per weight tensor: tfjs composes RMSprop's of nine whole-tensor
// kernels (each a JS call, an allocation and a pass over memory), a tenth of a small convnet's
// training step; SGD's with momentum and weight decay of seven.
#include "optimizer.h"

#include <cmath>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

// rmspropUpdate(value, gradient, meanSquare, learningRate, rho, epsilon, newValue, newMeanSquare),
// Keras 2's RMSprop: ms' = rho ms + (1 - rho) g^2, w' = w - lr g / (sqrt(ms') + epsilon).
Napi::Value RmspropUpdateJs(const Napi::CallbackInfo& info) {
  return guarded(info, "rmspropUpdate", [&] {
    if (!info[0].IsTypedArray()) throw std::invalid_argument("value must be a Float32Array");
    const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
    const float* value = floatArg(info, 0, n, "value");
    const float* gradient = floatArg(info, 1, n, "gradient (value's length)");
    const float* meanSquare = floatArg(info, 2, n, "meanSquare (value's length)");
    const float learningRate = info[3].As<Napi::Number>().FloatValue();
    const float rho = info[4].As<Napi::Number>().FloatValue();
    const float epsilon = info[5].As<Napi::Number>().FloatValue();
    float* newValue = floatArg(info, 6, n, "newValue (value's length)");
    float* newMeanSquare = floatArg(info, 7, n, "newMeanSquare (value's length)");
    // By value: see parallelRanges.
    parallelRanges(n, [=](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const float g = gradient[i];
        const float ms = rho * meanSquare[i] + (1.f - rho) * g * g;
        newMeanSquare[i] = ms;
        newValue[i] = value[i] - learningRate * g / (std::sqrt(ms) + epsilon);
      }
    });
  });
}

// sgdMomentumUpdate(value, gradient, momentum, learningRate, decayFactor, mu, nesterov, newValue,
// newMomentum), Keras 3's SGD with momentum mu after decoupled weight decay (decayFactor = 1 - lr wd,
// 1 for an undecayed weight): m' = mu m - lr g, then w' = decayFactor w + m', or with Nesterov's
// momentum w' = decayFactor w + mu m' - lr g.
Napi::Value SgdMomentumUpdateJs(const Napi::CallbackInfo& info) {
  return guarded(info, "sgdMomentumUpdate", [&] {
    if (!info[0].IsTypedArray()) throw std::invalid_argument("value must be a Float32Array");
    const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
    const float* value = floatArg(info, 0, n, "value");
    const float* gradient = floatArg(info, 1, n, "gradient (value's length)");
    const float* momentum = floatArg(info, 2, n, "momentum (value's length)");
    const float learningRate = info[3].As<Napi::Number>().FloatValue();
    const float decayFactor = info[4].As<Napi::Number>().FloatValue();
    const float mu = info[5].As<Napi::Number>().FloatValue();
    const bool nesterov = boolArg(info, 6);
    float* newValue = floatArg(info, 7, n, "newValue (value's length)");
    float* newMomentum = floatArg(info, 8, n, "newMomentum (value's length)");
    // By value: see parallelRanges.
    parallelRanges(n, [=](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const float step = gradient[i] * -learningRate;
        const float m = momentum[i] * mu + step;
        newMomentum[i] = m;
        newValue[i] = value[i] * decayFactor + (nesterov ? m * mu + step : m);
      }
    });
  });
}

}  // namespace kiln
