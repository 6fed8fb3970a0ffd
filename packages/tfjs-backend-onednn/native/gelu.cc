// GELU(x) = x Φ(x) and its gradient, Φ the standard normal cdf (exact, with erf, as tfjs' and
// Keras' 'gelu' without approximation), by oneDNN's vectorized eltwise_gelu_erf: a scalar std::erf
// per element took longer than the convolution it follows.
#include "gelu.h"

#include <memory>
#include <string>

#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

struct GeluForward {
  dnnl::eltwise_forward::primitive_desc pd;
  dnnl::eltwise_forward primitive;
};

struct GeluBackward {
  dnnl::eltwise_backward primitive;
};

dnnl::memory::desc flatDesc(int64_t n) { return {{n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a}; }

// Tensors too small to share out run on the calling thread: the key says which, as oneDNN fixes the
// thread count when it creates a primitive.
bool smallEltwise(int64_t n) { return n < kParallelMinElements; }

std::shared_ptr<GeluForward> geluForward(int64_t n) {
  return cached<GeluForward>("geluErf:" + std::to_string(n), [&] {
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_training, dnnl::algorithm::eltwise_gelu_erf, flatDesc(n),
                                     0.f, 0.f);
    dnnl::eltwise_forward::primitive_desc pd(desc, cpuEngine());
    return std::make_shared<GeluForward>(GeluForward{pd, dnnl::eltwise_forward(pd)});
  });
}

}  // namespace

void geluErf(const float* x, float* y, int64_t n) {
  const SingleThreaded singleThreaded(smallEltwise(n));
  auto forward = geluForward(n);
  forward->primitive.execute(cpuStream(), {{DNNL_ARG_SRC, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(x))},
                                           {DNNL_ARG_DST, dnnl::memory(flatDesc(n), cpuEngine(), y)}});
  cpuStream().wait();
}

void geluErfGrad(const float* x, const float* dy, float* dx, int64_t n) {
  const SingleThreaded singleThreaded(smallEltwise(n));
  auto forward = geluForward(n);
  auto backward = cached<GeluBackward>("geluErfGrad:" + std::to_string(n), [&] {
    dnnl::eltwise_backward::desc desc(dnnl::algorithm::eltwise_gelu_erf, flatDesc(n), flatDesc(n), 0.f, 0.f);
    dnnl::eltwise_backward::primitive_desc pd(desc, cpuEngine(), forward->pd);
    return std::make_shared<GeluBackward>(GeluBackward{dnnl::eltwise_backward(pd)});
  });
  backward->primitive.execute(cpuStream(),
                              {{DNNL_ARG_SRC, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(x))},
                               {DNNL_ARG_DIFF_DST, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(dy))},
                               {DNNL_ARG_DIFF_SRC, dnnl::memory(flatDesc(n), cpuEngine(), dx)}});
  cpuStream().wait();
}

}  // namespace kiln
