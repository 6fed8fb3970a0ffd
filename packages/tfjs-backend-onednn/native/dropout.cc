// Dropout's mask and its application in one pass. tfjs draws the mask in JS, one seedrandom call
// per element, then runs four whole-tensor kernels (Add, Floor, RealDiv, Multiply), a large part of
// a convnet's step. Here each element's uniform number is a hash of its index and
// the seed (counter-based, like TensorFlow's Philox), so threads need no shared state and the
// mask does not depend on how many there are.
#include "dropout.h"

#include <cstdint>
#include <stdexcept>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

namespace {

// A 32-bit integer hash with good avalanche (Wellons' "lowbias32").
inline uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

}  // namespace

// dropout(x, rate, seed, y, multiplier): multiplier = (u >= rate) / (1 - rate) for u uniform in
// [0, 1) per element, as tfjs keeps an element where floor(u + 1 - rate) is 1; y = x * multiplier.
Napi::Value DropoutJs(const Napi::CallbackInfo& info) {
  return guarded(info, "dropout", [&] {
    if (!info[0].IsTypedArray()) throw std::invalid_argument("x must be a Float32Array");
    const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
    const float* x = floatArg(info, 0, n, "x");
    const double rate = info[1].As<Napi::Number>().DoubleValue();
    if (!(rate > 0 && rate < 1)) throw std::invalid_argument("rate must be in (0, 1)");
    const uint32_t seed = info[2].As<Napi::Number>().Uint32Value();
    float* y = floatArg(info, 3, n, "y");
    float* multiplier = floatArg(info, 4, n, "multiplier");
    const float kept = static_cast<float>(1.0 / (1.0 - rate));
    // u >= rate, compared on the 24-bit integers that make u.
    const uint32_t threshold = static_cast<uint32_t>(rate * (1u << 24));
    const uint32_t stream = mix(seed ^ 0x9e3779b9U);
    if (n > static_cast<int64_t>(UINT32_MAX)) throw std::invalid_argument("x has more than 2^32 elements");
    // By value: see parallelRanges. 32-bit indices keep the loop in 32-bit lanes, which vectorize.
    parallelRanges(n, [=](int64_t begin, int64_t end) {
      for (uint32_t i = static_cast<uint32_t>(begin); i < static_cast<uint32_t>(end); ++i) {
        const float m = (mix(mix(i ^ stream) + seed) >> 8) >= threshold ? kept : 0.f;
        multiplier[i] = m;
        y[i] = x[i] * m;
      }
    });
  });
}

}  // namespace kiln
