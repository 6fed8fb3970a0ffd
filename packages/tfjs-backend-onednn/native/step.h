// tfjs' Step, the derivative ReLU's gradient multiplies by, shared by the kernels that fuse it.
#pragma once

namespace kiln {

// above where v > 0, else below; NaN stays NaN. Written as selects, not branches, so the loops
// vectorize: with branches, a random sign pattern defeats the branch predictor.
inline float stepOf(float v, float above, float below) {
  const float s = v > 0.f ? above : below;
  return v == v ? s : v;
}

}  // namespace kiln
