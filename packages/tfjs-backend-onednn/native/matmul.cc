// MatMul / BatchMatMul / _FusedMatMul (bias + ReLU post-op): out[b] = op(a[b]) op(w[b]) with either
// operand transposed in place (through strides) and a batch of 1 broadcast over the other's.
#include "matmul.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

using dnnl::memory;

// [batchA, batchB, m, k, n, transposeA, transposeB], as JS passes it.
struct MatMulShape {
  int64_t batchA, batchB, m, k, n;
  bool transposeA, transposeB;

  explicit MatMulShape(const std::vector<int64_t>& s)
      : batchA(s[0]), batchB(s[1]), m(s[2]), k(s[3]), n(s[4]), transposeA(s[5] != 0), transposeB(s[6] != 0) {
    if (batchA != batchB && batchA != 1 && batchB != 1) throw std::invalid_argument("batch sizes must match or be 1");
  }

  int64_t batch() const { return std::max(batchA, batchB); }

  // A [batch, rows, cols] matrix stored as [batch, cols, rows] when transposed.
  static memory::desc matrix(int64_t batch, int64_t rows, int64_t cols, bool transposed) {
    memory::dims strides = transposed ? memory::dims{rows * cols, 1, rows} : memory::dims{rows * cols, cols, 1};
    return {{batch, rows, cols}, memory::data_type::f32, strides};
  }
  memory::desc a() const { return matrix(batchA, m, k, transposeA); }
  memory::desc b() const { return matrix(batchB, k, n, transposeB); }
  memory::desc out() const { return matrix(batch(), m, n, false); }
  memory::desc bias() const { return {{1, 1, n}, memory::data_type::f32, memory::format_tag::abc}; }
};

struct MatMul {
  dnnl::matmul primitive;
};

// Multiply-adds below which a product runs on one thread.
constexpr int64_t kSmallMatMul = 1 << 20;


}  // namespace

// matmul(a, b, bias | null, out, [batchA, batchB, m, k, n, transposeA, transposeB], relu)
Napi::Value MatMulJs(const Napi::CallbackInfo& info) {
  return guarded(info, "matmul", [&] {
    auto raw = intsArg(info, 4, 7, "shape");
    MatMulShape s(raw);
    const float* a = floatArg(info, 0, s.batchA * s.m * s.k, "a");
    const float* b = floatArg(info, 1, s.batchB * s.k * s.n, "b");
    const float* bias = optionalFloatArg(info, 2, s.n, "bias");
    float* out = floatArg(info, 3, s.batch() * s.m * s.n, "out");
    bool relu = boolArg(info, 5);
    // Small products on the calling thread alone: waking a sleeping OpenMP thread costs more than
    // the product (such as the first of a step's backward pass).
    const bool small = s.batch() * s.m * s.n * s.k < kSmallMatMul;
    const SingleThreaded singleThreaded(small);
    std::string key = bias ? "matmulBias" : "matmul";
    if (small) key += ":1thread";
    for (int64_t v : raw) key += ":" + std::to_string(v);
    if (relu) key += ":relu";
    auto entry = cached<MatMul>(key, [&] {
      dnnl::primitive_attr attr;
      if (relu) {
        dnnl::post_ops ops;
        ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
        attr.set_post_ops(ops);
      }
      auto desc = bias ? dnnl::matmul::desc(s.a(), s.b(), s.bias(), s.out()) : dnnl::matmul::desc(s.a(), s.b(), s.out());
      return std::make_shared<MatMul>(MatMul{dnnl::matmul(dnnl::matmul::primitive_desc(desc, attr, cpuEngine()))});
    });
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(s.a(), cpuEngine(), const_cast<float*>(a))},
                                         {DNNL_ARG_WEIGHTS, memory(s.b(), cpuEngine(), const_cast<float*>(b))},
                                         {DNNL_ARG_DST, memory(s.out(), cpuEngine(), out)}};
    if (bias) args[DNNL_ARG_BIAS] = memory(s.bias(), cpuEngine(), const_cast<float*>(bias));
    entry->primitive.execute(cpuStream(), args);
    cpuStream().wait();
  });
}

}  // namespace kiln
