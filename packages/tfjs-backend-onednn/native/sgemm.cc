// oneDNN's own single-precision GEMM, exposed so benchmarks can state kernel throughput as a
// fraction of the best this machine does on a plain matrix product.
#include "sgemm.h"

#include "args.h"
#include "check.h"

namespace kiln {

// sgemm(a [m, k], b [k, n], c [m, n], [m, n, k]): c = a b, row-major.
Napi::Value SgemmJs(const Napi::CallbackInfo& info) {
  return guarded(info, "sgemm", [&] {
    auto mnk = intsArg(info, 3, 3, "[m, n, k]");
    int64_t m = mnk[0], n = mnk[1], k = mnk[2];
    const float* a = floatArg(info, 0, m * k, "a");
    const float* b = floatArg(info, 1, k * n, "b");
    float* c = floatArg(info, 2, m * n, "c");
    checkStatus(dnnl_sgemm('N', 'N', m, n, k, 1.f, a, k, b, n, 0.f, c, n), "dnnl_sgemm");
  });
}

}  // namespace kiln
