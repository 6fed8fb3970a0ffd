#pragma once

#include <cstdint>

namespace kiln {

// y = x Φ(x) over n floats; y may be x.
void geluErf(const float* x, float* y, int64_t n);
// dx = dy (Φ(x) + x φ(x)) over n floats; dx may be dy.
void geluErfGrad(const float* x, const float* dy, float* dx, int64_t n);

}  // namespace kiln
