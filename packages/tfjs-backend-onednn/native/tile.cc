// Tile: out[i0, ..., in] = scale * x[i0 % d0, ..., in % dn]. Each output row (innermost dim) is
// the matching input row copied reps[last] times; tfjs' cpu kernel instead reads and writes every
// element through TensorBuffer index arithmetic. Tiling dims of size 1 is broadcasting, which with
// scale 1/n is Mean's gradient.
#include "tile.h"

#include <algorithm>
#include <vector>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

// tile(x, shape, reps, out, scale): shape and reps have one entry per dim of x (at least one).
Napi::Value TileJs(const Napi::CallbackInfo& info) {
  return guarded(info, "tile", [&] {
    if (!info[1].IsArray() || info[1].As<Napi::Array>().Length() == 0) {
      throw std::invalid_argument("shape must be a non-empty array of integers");
    }
    const size_t rank = info[1].As<Napi::Array>().Length();
    const std::vector<int64_t> dims = intsArg(info, 1, rank, "shape"), reps = intsArg(info, 2, rank, "reps");
    std::vector<int64_t> outDims(rank), strides(rank);
    int64_t stride = 1;
    for (size_t d = rank; d-- > 0;) {
      if (dims[d] < 0 || reps[d] < 0) throw std::invalid_argument("shape and reps must not be negative");
      outDims[d] = dims[d] * reps[d];
      strides[d] = stride;
      stride *= dims[d];
    }
    const float* x = floatArg(info, 0, product(dims), "x");
    float* out = floatArg(info, 3, product(outDims), "out");
    const float scale = info[4].As<Napi::Number>().FloatValue();
    const int64_t width = dims.back(), outWidth = outDims.back(), outSize = product(outDims);
    if (outSize == 0) return;
    const int64_t rows = outSize / outWidth;
    parallelRanges(rows, [&](int64_t firstRow, int64_t endRow) {
      for (int64_t row = firstRow; row < endRow; ++row) {
        int64_t source = 0, index = row;
        for (size_t d = rank - 1; d-- > 0;) {
          source += index % outDims[d] % dims[d] * strides[d];
          index /= outDims[d];
        }
        float* target = out + row * outWidth;
        for (int64_t r = 0; r < reps.back(); ++r) {
          std::transform(x + source, x + source + width, target + r * width, [scale](float v) { return v * scale; });
        }
      }
    }, outWidth);
  });
}

}  // namespace kiln
