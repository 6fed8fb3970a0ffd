// Sum, Mean, Max and Min over any set of axes, read in place: tfjs' cpu kernels first transpose the
// reduced axes innermost (a full copy of the input, in JS) and Mean divides every element before
// summing. Sums accumulate in double, as tfjs' JS numbers do.
#include "reduction.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

namespace {

struct Group {
  int64_t size;
  int64_t stride;
};

// The offset of multi-index `index` (row-major over `groups`).
int64_t offsetOf(const std::vector<Group>& groups, int64_t index) {
  int64_t offset = 0;
  for (size_t g = groups.size(); g-- > 0;) {
    offset += (index % groups[g].size) * groups[g].stride;
    index /= groups[g].size;
  }
  return offset;
}

int64_t countOf(const std::vector<Group>& groups) {
  int64_t n = 1;
  for (const Group& g : groups) n *= g.size;
  return n;
}

// x viewed as [kept outer, reduced, kept inner]: out[k * keptInner + i] reduces, over every
// reduced index, x[offset(k) + offset(r) + i]. When the innermost dims are reduced, keptInner is 1
// and each reduced index covers a contiguous run of `run` elements.
struct ReductionPlan {
  std::vector<Group> keptOuter, reducedOuter;
  int64_t keptInner = 1, run = 1;

  ReductionPlan(const std::vector<int64_t>& dims, const std::vector<bool>& reduced) {
    std::vector<int64_t> strides(dims.size());
    int64_t stride = 1;
    for (size_t d = dims.size(); d-- > 0;) {
      strides[d] = stride;
      stride *= dims[d];
    }
    std::vector<Group> kept, reducedGroups;
    int last = -1;  // kind of the previous non-unit dim: 0 kept, 1 reduced
    for (size_t d = 0; d < dims.size(); ++d) {
      if (dims[d] == 1) continue;
      int kind = reduced[d] ? 1 : 0;
      auto& groups = kind ? reducedGroups : kept;
      if (kind == last) {
        groups.back().size *= dims[d];
        groups.back().stride = strides[d];
      } else {
        groups.push_back({dims[d], strides[d]});
      }
      last = kind;
    }
    if (last == 0) {
      keptInner = kept.back().size;
      kept.pop_back();
    } else if (last == 1) {
      run = reducedGroups.back().size;
      reducedGroups.pop_back();
    }
    keptOuter = kept;
    reducedOuter = reducedGroups;
  }
};

struct SumOp {
  using Acc = double;
  static Acc identity() { return 0.0; }
  static Acc combine(Acc a, float v) { return a + v; }
  static Acc merge(Acc a, Acc b) { return a + b; }
  static Acc reduceRun(const float* p, int64_t n) {
    Acc a = 0.0;
    for (int64_t i = 0; i < n; ++i) a += p[i];
    return a;
  }
};

// Max (sign 1) or Min (sign -1). A NaN wins and stays, as in tfjs.
template <int sign>
struct ExtremumOp {
  using Acc = float;
  static Acc identity() { return -sign * std::numeric_limits<float>::infinity(); }
  static Acc combine(Acc a, float v) { return (sign * v > sign * a || std::isnan(v)) && !std::isnan(a) ? v : a; }
  static Acc merge(Acc a, Acc b) { return combine(a, b); }
  static Acc reduceRun(const float* p, int64_t n) {
    Acc a = identity();
    for (int64_t i = 0; i < n; ++i) a = combine(a, p[i]);
    return a;
  }
};

// Reduces reduced indices [rBegin, rEnd) of kept-outer index k into acc[keptInner].
template <typename Op>
void accumulate(const float* x, const ReductionPlan& plan, int64_t k, int64_t rBegin, int64_t rEnd,
                typename Op::Acc* acc) {
  const float* base = x + offsetOf(plan.keptOuter, k);
  const int64_t inner = plan.keptInner;
  if (inner == 1) {
    for (int64_t r = rBegin; r < rEnd; ++r) acc[0] = Op::merge(acc[0], Op::reduceRun(base + offsetOf(plan.reducedOuter, r), plan.run));
    return;
  }
  if constexpr (std::is_same_v<typename Op::Acc, double>) {
    // A sum per channel: float partials over blocks of rows vectorize (double += float ran at a
    // third of memory speed); the blocks are added in double, keeping long sums as exact as tfjs'.
    constexpr int64_t kRowsPerBlock = 64;
    std::vector<float> partial(inner);
    for (int64_t blockBegin = rBegin; blockBegin < rEnd; blockBegin += kRowsPerBlock) {
      std::fill(partial.begin(), partial.end(), 0.f);
      for (int64_t r = blockBegin; r < std::min(blockBegin + kRowsPerBlock, rEnd); ++r) {
        const float* p = base + offsetOf(plan.reducedOuter, r);
        for (int64_t i = 0; i < inner; ++i) partial[i] += p[i];
      }
      for (int64_t i = 0; i < inner; ++i) acc[i] += partial[i];
    }
  } else {
    for (int64_t r = rBegin; r < rEnd; ++r) {
      const float* p = base + offsetOf(plan.reducedOuter, r);
      for (int64_t i = 0; i < inner; ++i) acc[i] = Op::combine(acc[i], p[i]);
    }
  }
}

template <typename Op>
void runReduction(const float* x, const ReductionPlan& plan, float* out, double scale) {
  using Acc = typename Op::Acc;
  const int64_t keptOuter = countOf(plan.keptOuter), reducedOuter = countOf(plan.reducedOuter);
  const int64_t inner = plan.keptInner;
  const int64_t work = keptOuter * reducedOuter * inner * plan.run;
  const int threads = work < kParallelMinElements ? 1 : omp_get_max_threads();
  auto store = [&](const Acc* acc, int64_t k) {
    for (int64_t i = 0; i < inner; ++i) out[k * inner + i] = static_cast<float>(acc[i] * scale);
  };
  if (keptOuter >= threads) {
    // Enough outputs to share out: each thread owns whole output rows.
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t k = 0; k < keptOuter; ++k) {
      std::vector<Acc> acc(inner, Op::identity());
      accumulate<Op>(x, plan, k, 0, reducedOuter, acc.data());
      store(acc.data(), k);
    }
    return;
  }
  // Few outputs (a BatchNorm's per-channel statistics): threads split the reduced indices, each
  // into its own partial result, merged at the end.
  std::vector<Acc> partials(static_cast<size_t>(threads) * inner);
  for (int64_t k = 0; k < keptOuter; ++k) {
    std::fill(partials.begin(), partials.end(), Op::identity());
#pragma omp parallel num_threads(threads)
    {
      int64_t t = omp_get_thread_num(), n = omp_get_num_threads();
      accumulate<Op>(x, plan, k, reducedOuter * t / n, reducedOuter * (t + 1) / n, partials.data() + t * inner);
    }
    for (int t = 1; t < threads; ++t) {
      for (int64_t i = 0; i < inner; ++i) partials[i] = Op::merge(partials[i], partials[t * inner + i]);
    }
    store(partials.data(), k);
  }
}

}  // namespace

// reduce(op, x, xDims, y, yDims): op one of 'sum', 'mean', 'max', 'min'; yDims is xDims with 1 on
// each reduced dim.
Napi::Value ReduceJs(const Napi::CallbackInfo& info) {
  return guarded(info, "reduce", [&] {
    const std::string op = info[0].As<Napi::String>().Utf8Value();
    if (!info[2].IsArray()) throw std::invalid_argument("xDims must be an array of integers");
    const size_t rank = info[2].As<Napi::Array>().Length();
    const std::vector<int64_t> xDims = intsArg(info, 2, rank, "xDims"), yDims = intsArg(info, 4, rank, "yDims (x's rank)");
    std::vector<bool> reduced(rank);
    int64_t reduceSize = 1;
    for (size_t d = 0; d < rank; ++d) {
      if (yDims[d] != xDims[d] && yDims[d] != 1) throw std::invalid_argument("each dim of y must be x's or 1");
      reduced[d] = yDims[d] != xDims[d];
      if (reduced[d]) reduceSize *= xDims[d];
    }
    if (product(xDims) == 0) throw std::invalid_argument("x is empty");
    const float* x = floatArg(info, 1, product(xDims), "x");
    float* y = floatArg(info, 3, product(yDims), "y");
    const ReductionPlan plan(xDims, reduced);
    if (op == "sum") {
      runReduction<SumOp>(x, plan, y, 1.0);
    } else if (op == "mean") {
      runReduction<SumOp>(x, plan, y, 1.0 / static_cast<double>(reduceSize));
    } else if (op == "max") {
      runReduction<ExtremumOp<1>>(x, plan, y, 1.0);
    } else if (op == "min") {
      runReduction<ExtremumOp<-1>>(x, plan, y, 1.0);
    } else {
      throw std::invalid_argument("unknown op '" + op + "' (expected sum, mean, max or min)");
    }
  });
}

}  // namespace kiln
