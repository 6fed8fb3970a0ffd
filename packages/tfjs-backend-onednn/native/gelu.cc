// GELU(x) = x Φ(x) and its gradient, Φ the standard normal cdf (exact, with erf, as tfjs' and
// Keras' 'gelu' without approximation), by oneDNN's vectorized eltwise_gelu_erf: a scalar std::erf
// per element took longer than the convolution it follows.
#include "gelu.h"

#include <memory>
#include <string>

#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

struct GeluForward {
  dnnl::eltwise_forward::primitive_desc pd;
  dnnl::eltwise_forward primitive;
};

struct GeluBackward {
  dnnl::eltwise_backward primitive;
};

namespace {

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

std::shared_ptr<GeluBackward> geluBackward(int64_t n) {
  auto forward = geluForward(n);
  return cached<GeluBackward>("geluErfGrad:" + std::to_string(n), [&] {
    dnnl::eltwise_backward::desc desc(dnnl::algorithm::eltwise_gelu_erf, flatDesc(n), flatDesc(n), 0.f, 0.f);
    dnnl::eltwise_backward::primitive_desc pd(desc, cpuEngine(), forward->pd);
    return std::make_shared<GeluBackward>(GeluBackward{dnnl::eltwise_backward(pd)});
  });
}

void runForward(const GeluForward& forward, const float* x, float* y, int64_t n, dnnl::stream& stream) {
  forward.primitive.execute(stream, {{DNNL_ARG_SRC, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(x))},
                                     {DNNL_ARG_DST, dnnl::memory(flatDesc(n), cpuEngine(), y)}});
  stream.wait();
}

void runBackward(const GeluBackward& backward, const float* x, const float* dy, float* dx, int64_t n,
                 dnnl::stream& stream) {
  backward.primitive.execute(stream,
                             {{DNNL_ARG_SRC, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(x))},
                              {DNNL_ARG_DIFF_DST, dnnl::memory(flatDesc(n), cpuEngine(), const_cast<float*>(dy))},
                              {DNNL_ARG_DIFF_SRC, dnnl::memory(flatDesc(n), cpuEngine(), dx)}});
  stream.wait();
}

}  // namespace

void geluErf(const float* x, float* y, int64_t n) {
  const SingleThreaded singleThreaded(smallEltwise(n));
  runForward(*geluForward(n), x, y, n, cpuStream());
}

void geluErfGrad(const float* x, const float* dy, float* dx, int64_t n) {
  const SingleThreaded singleThreaded(smallEltwise(n));
  runBackward(*geluBackward(n), x, dy, dx, n, cpuStream());
}

GeluBlocks::GeluBlocks(int64_t blockSize, int64_t lastSize)
    : blockSize_(blockSize),
      forward_(geluForward(blockSize)),
      lastForward_(geluForward(lastSize)),
      backward_(geluBackward(blockSize)),
      lastBackward_(geluBackward(lastSize)) {}

void GeluBlocks::forward(const float* x, float* y, int64_t n, dnnl::stream& stream) const {
  runForward(n == blockSize_ ? *forward_ : *lastForward_, x, y, n, stream);
}

void GeluBlocks::backward(const float* x, const float* dy, float* dx, int64_t n, dnnl::stream& stream) const {
  runBackward(n == blockSize_ ? *backward_ : *lastBackward_, x, dy, dx, n, stream);
}

}  // namespace kiln
