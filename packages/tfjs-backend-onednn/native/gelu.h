#pragma once

#include <dnnl.hpp>

#include <cstdint>
#include <memory>

namespace kiln {

// y = x Φ(x) over n floats; y may be x.
void geluErf(const float* x, float* y, int64_t n);
// dx = dy (Φ(x) + x φ(x)) over n floats; dx may be dy.
void geluErfGrad(const float* x, const float* dy, float* dx, int64_t n);

struct GeluForward;
struct GeluBackward;

// GELU and its gradient over blocks of blockSize floats and a last one of lastSize, for the
// threads of an OpenMP parallel region, each running whole blocks alone (oneDNN runs a primitive
// on the calling thread inside a parallel region) with its own stream. Built outside the region:
// the primitive cache is not thread-safe.
class GeluBlocks {
 public:
  GeluBlocks(int64_t blockSize, int64_t lastSize);
  // n is blockSize or lastSize.
  void forward(const float* x, float* y, int64_t n, dnnl::stream& stream) const;
  void backward(const float* x, const float* dy, float* dx, int64_t n, dnnl::stream& stream) const;

 private:
  int64_t blockSize_;
  std::shared_ptr<GeluForward> forward_, lastForward_;
  std::shared_ptr<GeluBackward> backward_, lastBackward_;
};

}  // namespace kiln
