// MaxPool and AvgPool (averaging only the window's elements inside the input, as tfjs does) and
// their gradients, in NHWC. MaxPool's gradient is Kiln's own loop: oneDNN's needs the argmax
// workspace of a forward pass, which tfjs does not keep between the two kernels, and rerunning
// that pass cost more than the whole gradient does here.
#include "pool.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "conv_geometry.h"
#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

using dnnl::algorithm;
using dnnl::memory;

algorithm poolingAlgorithm(bool max) { return max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding; }

dnnl::pooling_forward::primitive_desc forwardDesc(const ConvGeometry& g, bool max, dnnl::prop_kind kind) {
  dnnl::pooling_forward::desc desc(kind, poolingAlgorithm(max), g.src(), g.dst(),
                                   g.strides(), {g.kh, g.kw}, g.padBefore(), g.padAfter());
  return {desc, cpuEngine()};
}

struct PoolForward {
  dnnl::pooling_forward primitive;
};

struct PoolBackward {
  dnnl::pooling_backward primitive;
};

std::shared_ptr<PoolForward> cachedForward(const ConvGeometry& g, bool max) {
  return cached<PoolForward>(g.key(max ? "maxPool" : "avgPool"), [&] {
    // Inference: MaxPool's gradient needs no argmax workspace from this pass (see maxPoolBackward),
    // AvgPool's none at all.
    return std::make_shared<PoolForward>(PoolForward{dnnl::pooling_forward(forwardDesc(g, max, dnnl::prop_kind::forward_inference))});
  });
}

// 16 floats (or int32s) as one value: GCC's vector extension, one AVX-512 register on this
// machine, two or four narrower ones elsewhere. The auto-vectorized loops over channels spent
// more on their set-up per call than on the 64 channels they processed.
constexpr int64_t kLanes = 16;
using Floats = float __attribute__((vector_size(kLanes * sizeof(float))));
using Ints = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));

Floats loadFloats(const float* p) {
  Floats v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// dx of max pooling: each window's dy goes to the window's first maximum (strictly greater than
// all before it, in row-major order; NaN never is), as tfjs' maxPoolPositions picks it; a window
// with no such element passes nothing. One image per thread at a time: its dx is zeroed, then
// each window adds to it, so overlapping windows sum; channels go kLanes at a time, the last
// few one by one.
void maxPoolBackward(const ConvGeometry& g, const float* x, const float* dy, float* dx) {
  const int64_t channels = g.c, imageSize = g.h * g.w * g.c;
  parallelRanges(g.n, [=](int64_t firstImage, int64_t endImage) {
    for (int64_t image = firstImage; image < endImage; ++image) {
      const float* xImage = x + image * imageSize;
      float* dxImage = dx + image * imageSize;
      std::fill(dxImage, dxImage + imageSize, 0.f);
      for (int64_t oy = 0; oy < g.oh; ++oy) {
        for (int64_t ox = 0; ox < g.ow; ++ox) {
          const float* dyPixel = dy + ((image * g.oh + oy) * g.ow + ox) * channels;
          // Calls `visit(window index, offset of that input pixel)` for the window's pixels inside the input.
          auto forEachInWindow = [&](auto visit) {
            for (int64_t ky = 0; ky < g.kh; ++ky) {
              const int64_t iy = oy * g.strideH - g.padT + ky * g.dilH;
              if (iy < 0 || iy >= g.h) continue;
              for (int64_t kx = 0; kx < g.kw; ++kx) {
                const int64_t ix = ox * g.strideW - g.padL + kx * g.dilW;
                if (ix >= 0 && ix < g.w) visit(static_cast<int32_t>(ky * g.kw + kx), (iy * g.w + ix) * channels);
              }
            }
          };
          int64_t c = 0;
          for (; c + kLanes <= channels; c += kLanes) {
            Floats best = Floats{} - std::numeric_limits<float>::infinity();
            Ints bestAt = Ints{} - 1;
            forEachInWindow([&](int32_t at, int64_t offset) {
              const Floats v = loadFloats(xImage + offset + c);
              const Ints greater = v > best;
              best = greater ? v : best;
              bestAt = greater ? Ints{} + at : bestAt;
            });
            const Floats gradient = loadFloats(dyPixel + c);
            forEachInWindow([&](int32_t at, int64_t offset) {
              float* pixel = dxImage + offset + c;
              const Floats sum = loadFloats(pixel) + (bestAt == at ? gradient : Floats{});
              std::memcpy(pixel, &sum, sizeof sum);
            });
          }
          for (; c < channels; ++c) {
            float best = -std::numeric_limits<float>::infinity();
            int32_t bestAt = -1;
            forEachInWindow([&](int32_t at, int64_t offset) {
              if (xImage[offset + c] > best) {
                best = xImage[offset + c];
                bestAt = at;
              }
            });
            forEachInWindow([&](int32_t at, int64_t offset) {
              if (bestAt == at) dxImage[offset + c] += dyPixel[c];
            });
          }
        }
      }
    }
  }, imageSize);
}

}  // namespace

// poolForward(x, y, geometry, max)
Napi::Value PoolForwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolForward", [&] {
    ConvGeometry g(info, 2);
    const float* x = floatArg(info, 0, g.srcSize(), "x");
    float* y = floatArg(info, 1, g.dstSize(), "y");
    const bool max = boolArg(info, 3);
    cachedForward(g, max)->primitive.execute(cpuStream(), {{DNNL_ARG_SRC, memory(g.src(), cpuEngine(), const_cast<float*>(x))},
                                                           {DNNL_ARG_DST, memory(g.dst(), cpuEngine(), y)}});
    cpuStream().wait();
  });
}

// poolBackward(dy, x, dx, geometry, max): x is only read for max pooling (may be null otherwise).
Napi::Value PoolBackwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolBackward", [&] {
    ConvGeometry g(info, 3);
    const bool max = boolArg(info, 4);
    const float* dy = floatArg(info, 0, g.dstSize(), "dy");
    float* dx = floatArg(info, 2, g.srcSize(), "dx");
    if (max) {
      maxPoolBackward(g, floatArg(info, 1, g.srcSize(), "x"), dy, dx);
      return;
    }
    auto backward = cached<PoolBackward>(g.key("avgPoolGrad"), [&] {
      dnnl::pooling_backward::desc desc(poolingAlgorithm(false), g.src(), g.dst(), g.strides(), {g.kh, g.kw},
                                        g.padBefore(), g.padAfter());
      dnnl::pooling_backward::primitive_desc pd(desc, cpuEngine(), forwardDesc(g, false, dnnl::prop_kind::forward_training));
      return std::make_shared<PoolBackward>(PoolBackward{dnnl::pooling_backward(pd)});
    });
    backward->primitive.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, memory(g.dst(), cpuEngine(), const_cast<float*>(dy))},
                                              {DNNL_ARG_DIFF_SRC, memory(g.src(), cpuEngine(), dx)}});
    cpuStream().wait();
  });
}

}  // namespace kiln
