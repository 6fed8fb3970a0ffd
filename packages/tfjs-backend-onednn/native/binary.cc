// Element-wise binary ops with broadcasting of b: out = a op b, where b has a's rank and each of
// its dims is a's or 1. tfjs' cpu kernels decode every element's index when shapes differ; here a
// broadcast dim is a stride of 0, adjacent dims merge where both operands are contiguous, and the
// innermost loop is specialized (b advancing or repeated) so it vectorizes.
#include "binary.h"

#include <algorithm>
#include <string>
#include <vector>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

namespace {

// The dims of the walk over `a`, merged where a and b are both contiguous, with b's strides.
struct BroadcastLoop {
  std::vector<int64_t> dims, bStrides;

  BroadcastLoop(const std::vector<int64_t>& aDims, const std::vector<int64_t>& bDims) {
    std::vector<int64_t> fullStrides(aDims.size());
    int64_t stride = 1;
    for (size_t d = aDims.size(); d-- > 0;) {
      fullStrides[d] = bDims[d] == 1 ? 0 : stride;
      stride *= bDims[d];
    }
    for (size_t d = 0; d < aDims.size(); ++d) {
      if (aDims[d] == 1) continue;  // moves neither operand
      if (!dims.empty() && bStrides.back() == fullStrides[d] * aDims[d]) {
        dims.back() *= aDims[d];
        bStrides.back() = fullStrides[d];
      } else {
        dims.push_back(aDims[d]);
        bStrides.push_back(fullStrides[d]);
      }
    }
    if (dims.empty()) {
      dims.push_back(1);
      bStrides.push_back(0);
    }
  }

  // b's offset at the start of inner row `row`.
  int64_t bRowOffset(int64_t row) const {
    int64_t offset = 0;
    for (size_t d = dims.size() - 1; d-- > 0;) {
      offset += (row % dims[d]) * bStrides[d];
      row /= dims[d];
    }
    return offset;
  }
};

// Calls row(begin, n, bOffset, bAdvances) for each run of n elements of a, from a's element begin,
// over which b either advances with a (from b's element bOffset) or stays at bOffset; in parallel.
template <typename Row>
void forEachBroadcastRow(const std::vector<int64_t>& aDims, const std::vector<int64_t>& bDims, Row row) {
  const BroadcastLoop loop(aDims, bDims);
  const int64_t inner = loop.dims.back();
  const bool bAdvances = loop.bStrides.back() != 0;
  parallelRanges(product(aDims), [&](int64_t begin, int64_t end) {
    int64_t rowIndex = begin / inner, column = begin % inner;
    while (begin < end) {
      const int64_t n = std::min(inner - column, end - begin);
      row(begin, n, loop.bRowOffset(rowIndex) + (bAdvances ? column : 0), bAdvances);
      begin += n;
      ++rowIndex;
      column = 0;
    }
  });
}

template <typename Op>
void runBinary(const float* a, const std::vector<int64_t>& aDims, const float* b, const std::vector<int64_t>& bDims,
               float* out, Op op) {
  forEachBroadcastRow(aDims, bDims, [&](int64_t begin, int64_t n, int64_t bOffset, bool bAdvances) {
    const float* aRow = a + begin;
    const float* bRow = b + bOffset;
    float* outRow = out + begin;
    if (bAdvances) {
      for (int64_t i = 0; i < n; ++i) outRow[i] = op(aRow[i], bRow[i]);
    } else {
      const float bValue = *bRow;
      for (int64_t i = 0; i < n; ++i) outRow[i] = op(aRow[i], bValue);
    }
  });
}

}  // namespace

// binary(op, a, aDims, b, bDims, out): op one of 'add', 'sub', 'mul', 'div', 'max', 'min' (these
// two propagate NaN, as Math.max does, with selects rather than branches so they vectorize), or
// 'addRelu': relu(a + b), a bias and ReLU in one pass (NaN stays NaN, as in tfjs' Relu).
Napi::Value BinaryJs(const Napi::CallbackInfo& info) {
  return guarded(info, "binary", [&] {
    const std::string op = info[0].As<Napi::String>().Utf8Value();
    if (!info[2].IsArray()) throw std::invalid_argument("aDims must be an array of integers");
    const size_t rank = info[2].As<Napi::Array>().Length();
    const std::vector<int64_t> aDims = intsArg(info, 2, rank, "aDims"), bDims = intsArg(info, 4, rank, "bDims (a's rank)");
    for (size_t d = 0; d < rank; ++d) {
      if (bDims[d] != aDims[d] && bDims[d] != 1) throw std::invalid_argument("each dim of b must be a's or 1");
    }
    const float* a = floatArg(info, 1, product(aDims), "a");
    const float* b = floatArg(info, 3, product(bDims), "b");
    float* out = floatArg(info, 5, product(aDims), "out");
    if (op == "add") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x + y; });
    } else if (op == "sub") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x - y; });
    } else if (op == "mul") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x * y; });
    } else if (op == "div") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x / y; });
    } else if (op == "max") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x == x ? (x > y ? x : y) : x; });
    } else if (op == "min") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x == x ? (x < y ? x : y) : x; });
    } else if (op == "addRelu") {
      runBinary(a, aDims, b, bDims, out, [](float x, float y) { return x + y < 0.f ? 0.f : x + y; });
    } else {
      throw std::invalid_argument("unknown op '" + op + "' (expected add, sub, mul, div, max, min or addRelu)");
    }
  });
}

// minMaxGrad(x, xDims, y, dy, yDims, dx): the gradient of y = max (or min) of x over the axes where
// yDims is 1, as tfjs' dy * cast(x == y): dy reaches every element equal to its extremum (each of
// several ties, as tfjs), in one pass where tfjs builds a boolean mask, a cast and a product.
Napi::Value MinMaxGradJs(const Napi::CallbackInfo& info) {
  return guarded(info, "minMaxGrad", [&] {
    if (!info[1].IsArray()) throw std::invalid_argument("xDims must be an array of integers");
    const size_t rank = info[1].As<Napi::Array>().Length();
    const std::vector<int64_t> xDims = intsArg(info, 1, rank, "xDims"), yDims = intsArg(info, 4, rank, "yDims (x's rank)");
    for (size_t d = 0; d < rank; ++d) {
      if (yDims[d] != xDims[d] && yDims[d] != 1) throw std::invalid_argument("each dim of y must be x's or 1");
    }
    const float* x = floatArg(info, 0, product(xDims), "x");
    const float* y = floatArg(info, 2, product(yDims), "y");
    const float* dy = floatArg(info, 3, product(yDims), "dy (y's size)");
    float* dx = floatArg(info, 5, product(xDims), "dx");
    forEachBroadcastRow(xDims, yDims, [&](int64_t begin, int64_t n, int64_t yOffset, bool yAdvances) {
      const float* xRow = x + begin;
      float* dxRow = dx + begin;
      if (yAdvances) {
        for (int64_t i = 0; i < n; ++i) dxRow[i] = dy[yOffset + i] * (xRow[i] == y[yOffset + i] ? 1.f : 0.f);
      } else {
        const float extremum = y[yOffset], gradient = dy[yOffset];
        for (int64_t i = 0; i < n; ++i) dxRow[i] = gradient * (xRow[i] == extremum ? 1.f : 0.f);
      }
    });
  });
}

}  // namespace kiln
