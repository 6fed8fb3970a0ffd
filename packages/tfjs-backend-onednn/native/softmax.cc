// Softmax over the last axis, as tfjs' cpu kernel computes it (exp(x - max) / sum), in one pass
// per row where tfjs runs six kernels over a classifier's [batch, classes] output.
#include "softmax.h"

#include <cmath>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

// softmax(x, y, columns): y = softmax of each row of `columns` values.
Napi::Value SoftmaxJs(const Napi::CallbackInfo& info) {
  return guarded(info, "softmax", [&] {
    if (!info[0].IsTypedArray()) throw std::invalid_argument("x must be a Float32Array");
    const int64_t size = info[0].As<Napi::TypedArray>().ElementLength();
    const int64_t columns = info[2].As<Napi::Number>().Int64Value();
    if (columns <= 0 || size % columns != 0) throw std::invalid_argument("x's size must be a multiple of columns");
    const float* x = floatArg(info, 0, size, "x");
    float* y = floatArg(info, 1, size, "y (x's length)");
    parallelRanges(size / columns, [=](int64_t firstRow, int64_t endRow) {
      for (int64_t row = firstRow; row < endRow; ++row) {
        const float* in = x + row * columns;
        float* out = y + row * columns;
        float max = in[0];
        for (int64_t i = 1; i < columns; ++i) max = in[i] > max || std::isnan(in[i]) ? in[i] : max;
        double sum = 0;
        for (int64_t i = 0; i < columns; ++i) {
          out[i] = std::exp(in[i] - max);
          sum += out[i];
        }
        const float total = static_cast<float>(sum);
        for (int64_t i = 0; i < columns; ++i) out[i] /= total;
      }
    }, columns);
  });
}

}  // namespace kiln
