// MatMul / BatchMatMul / _FusedMatMul (bias + ReLU post-op): out[b] = op(a[b]) op(w[b]) with either
// operand transposed in place (through strides) and a batch of 1 broadcast over the other's. In
// bfloat16 (precision.h) the operands are converted by reorders into buffers kept with the
// primitive; the product accumulates in float32 and writes float32.
#include "matmul.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "layout_bridge.h"
#include "parallel.h"
#include "precision.h"
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
  static memory::desc matrix(int64_t batch, int64_t rows, int64_t cols, bool transposed,
                             memory::data_type type = memory::data_type::f32) {
    memory::dims strides = transposed ? memory::dims{rows * cols, 1, rows} : memory::dims{rows * cols, cols, 1};
    return {{batch, rows, cols}, type, strides};
  }
  memory::desc a(memory::data_type type = memory::data_type::f32) const { return matrix(batchA, m, k, transposeA, type); }
  memory::desc b(memory::data_type type = memory::data_type::f32) const { return matrix(batchB, k, n, transposeB, type); }
  memory::desc out() const { return matrix(batch(), m, n, false); }
  memory::desc bias() const { return {{1, 1, n}, memory::data_type::f32, memory::format_tag::abc}; }
};

struct MatMul {
  dnnl::matmul primitive;
  LayoutBridge a, b;
};

// Multiply-adds below which a product runs on one thread.
constexpr int64_t kSmallMatMul = 1 << 20;


}  // namespace

// matmul(a, b, bias | null, out, [batchA, batchB, m, k, n, transposeA, transposeB], relu, bf16)
Napi::Value MatMulJs(const Napi::CallbackInfo& info) {
  return guarded(info, "matmul", [&] {
    auto raw = intsArg(info, 4, 7, "shape");
    MatMulShape s(raw);
    const float* a = floatArg(info, 0, s.batchA * s.m * s.k, "a");
    const float* b = floatArg(info, 1, s.batchB * s.k * s.n, "b");
    const float* bias = optionalFloatArg(info, 2, s.n, "bias");
    float* out = floatArg(info, 3, s.batch() * s.m * s.n, "out");
    bool relu = boolArg(info, 5);
    const Precision precision = precisionArg(info, 6);
    // Small products on the calling thread alone: waking a sleeping OpenMP thread costs more than
    // the product (such as the first of a step's backward pass).
    const bool small = s.batch() * s.m * s.n * s.k < kSmallMatMul;
    const SingleThreaded singleThreaded(small);
    std::string key = bias ? "matmulBias" : "matmul";
    if (small) key += ":1thread";
    for (int64_t v : raw) key += ":" + std::to_string(v);
    if (relu) key += ":relu";
    key += precisionKey(precision);
    auto entry = cached<MatMul>(key, [&] {
      dnnl::primitive_attr attr;
      if (relu) {
        dnnl::post_ops ops;
        ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
        attr.set_post_ops(ops);
      }
      const auto in = inputType(precision);
      auto desc = bias ? dnnl::matmul::desc(s.a(in), s.b(in), s.bias(), s.out())
                       : dnnl::matmul::desc(s.a(in), s.b(in), s.out());
      return std::make_shared<MatMul>(MatMul{dnnl::matmul(dnnl::matmul::primitive_desc(desc, attr, cpuEngine())),
                                             LayoutBridge(s.a(), s.a(in)), LayoutBridge(s.b(), s.b(in))});
    });
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, entry->a.input(a)},
                                         {DNNL_ARG_WEIGHTS, entry->b.input(b)},
                                         {DNNL_ARG_DST, memory(s.out(), cpuEngine(), out)}};
    if (bias) args[DNNL_ARG_BIAS] = memory(s.bias(), cpuEngine(), const_cast<float*>(bias));
    entry->primitive.execute(cpuStream(), args);
    cpuStream().wait();
  });
}

}  // namespace kiln
