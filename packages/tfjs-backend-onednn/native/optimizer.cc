// Optimizer updates in one pass per weight tensor: tfjs composes RMSprop's of nine whole-tensor
// kernels (each a JS call, an allocation and a pass over memory), a tenth of a small convnet's
// training step; SGD's with momentum and weight decay of seven.
#include "optimizer.h"

#include <cmath>
#include <string>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

namespace {

// One weight's update as JS passes it: the weight, its gradient and one slot of optimizer state
// (momentum, mean square) as arguments 0 to 2, and the arrays that receive the new weight and the
// new slot as arguments `outputsAt` and the next; all Float32Arrays of the weight's length.
struct WeightUpdate {
  int64_t n;
  const float* value;
  const float* gradient;
  const float* slot;
  float* newValue;
  float* newSlot;
};

WeightUpdate weightUpdateArgs(const Napi::CallbackInfo& info, const std::string& slot, const std::string& newSlot,
                              size_t outputsAt) {
  if (!info[0].IsTypedArray()) throw std::invalid_argument("value must be a Float32Array");
  const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
  const std::string ofValuesLength = " (value's length)";
  return {n,
          floatArg(info, 0, n, "value"),
          floatArg(info, 1, n, ("gradient" + ofValuesLength).c_str()),
          floatArg(info, 2, n, (slot + ofValuesLength).c_str()),
          floatArg(info, outputsAt, n, ("newValue" + ofValuesLength).c_str()),
          floatArg(info, outputsAt + 1, n, (newSlot + ofValuesLength).c_str())};
}

}  // namespace

// rmspropUpdate(value, gradient, meanSquare, learningRate, rho, epsilon, newValue, newMeanSquare),
// Keras 2's RMSprop: ms' = rho ms + (1 - rho) g^2, w' = w - lr g / (sqrt(ms') + epsilon).
Napi::Value RmspropUpdateJs(const Napi::CallbackInfo& info) {
  return guarded(info, "rmspropUpdate", [&] {
    const WeightUpdate w = weightUpdateArgs(info, "meanSquare", "newMeanSquare", 6);
    const float learningRate = info[3].As<Napi::Number>().FloatValue();
    const float rho = info[4].As<Napi::Number>().FloatValue();
    const float epsilon = info[5].As<Napi::Number>().FloatValue();
    // By value: see parallelRanges.
    parallelRanges(w.n, [=, meanSquare = w.slot, newMeanSquare = w.newSlot](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const float g = w.gradient[i];
        const float ms = rho * meanSquare[i] + (1.f - rho) * g * g;
        newMeanSquare[i] = ms;
        w.newValue[i] = w.value[i] - learningRate * g / (std::sqrt(ms) + epsilon);
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
    const WeightUpdate w = weightUpdateArgs(info, "momentum", "newMomentum", 7);
    const float learningRate = info[3].As<Napi::Number>().FloatValue();
    const float decayFactor = info[4].As<Napi::Number>().FloatValue();
    const float mu = info[5].As<Napi::Number>().FloatValue();
    const bool nesterov = boolArg(info, 6);
    // By value: see parallelRanges.
    parallelRanges(w.n, [=, momentum = w.slot, newMomentum = w.newSlot](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const float step = w.gradient[i] * -learningRate;
        const float m = momentum[i] * mu + step;
        newMomentum[i] = m;
        w.newValue[i] = w.value[i] * decayFactor + (nesterov ? m * mu + step : m);
      }
    });
  });
}

}  // namespace kiln
