// MaxPool and AvgPool (averaging only the window's elements inside the input, as tfjs does) and
// their gradients, in NHWC. MaxPool's gradient reruns the forward pass to get the workspace of
// argmax positions oneDNN's backward pass needs: tfjs does not keep it between the two kernels.
#include "pool.h"

#include <memory>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "conv_geometry.h"
#include "layout_bridge.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

using dnnl::algorithm;
using dnnl::memory;

algorithm poolingAlgorithm(bool max) { return max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding; }

dnnl::pooling_forward::primitive_desc forwardDesc(const ConvGeometry& g, bool max) {
  dnnl::pooling_forward::desc desc(dnnl::prop_kind::forward_training, poolingAlgorithm(max), g.src(), g.dst(),
                                   g.strides(), {g.kh, g.kw}, g.padBefore(), g.padAfter());
  return {desc, cpuEngine()};
}

struct PoolForward {
  dnnl::pooling_forward::primitive_desc pd;
  dnnl::pooling_forward primitive;
  memory workspace;  // argmax positions (max pooling only); written by each forward run
  std::vector<float> scratchDst;  // where MaxPoolGrad's rerun of the forward pass writes
};

struct PoolBackward {
  dnnl::pooling_backward primitive;
};

std::shared_ptr<PoolForward> cachedForward(const ConvGeometry& g, bool max) {
  return cached<PoolForward>(g.key(max ? "maxPool" : "avgPool"), [&] {
    auto pd = forwardDesc(g, max);
    memory workspace = max ? memory(pd.workspace_desc(), cpuEngine()) : memory();
    return std::make_shared<PoolForward>(PoolForward{pd, dnnl::pooling_forward(pd), workspace, {}});
  });
}

void runForward(PoolForward& entry, const ConvGeometry& g, bool max, const float* x, float* y) {
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(g.src(), cpuEngine(), const_cast<float*>(x))},
                                       {DNNL_ARG_DST, memory(g.dst(), cpuEngine(), y)}};
  if (max) args[DNNL_ARG_WORKSPACE] = entry.workspace;
  entry.primitive.execute(cpuStream(), args);
}

}  // namespace

// poolForward(x, y, geometry, max)
Napi::Value PoolForwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolForward", [&] {
    ConvGeometry g(info, 2);
    const float* x = floatArg(info, 0, g.srcSize(), "x");
    float* y = floatArg(info, 1, g.dstSize(), "y");
    bool max = boolArg(info, 3);
    runForward(*cachedForward(g, max), g, max, x, y);
    cpuStream().wait();
  });
}

// poolBackward(dy, x, dx, geometry, max): x is only read for max pooling (may be null otherwise).
Napi::Value PoolBackwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolBackward", [&] {
    ConvGeometry g(info, 3);
    bool max = boolArg(info, 4);
    const float* dy = floatArg(info, 0, g.dstSize(), "dy");
    float* dx = floatArg(info, 2, g.srcSize(), "dx");
    auto forward = cachedForward(g, max);
    auto backward = cached<PoolBackward>(g.key(max ? "maxPoolGrad" : "avgPoolGrad"), [&] {
      dnnl::pooling_backward::desc desc(poolingAlgorithm(max), g.src(), g.dst(), g.strides(), {g.kh, g.kw},
                                        g.padBefore(), g.padAfter());
      dnnl::pooling_backward::primitive_desc pd(desc, cpuEngine(), forward->pd);
      return std::make_shared<PoolBackward>(PoolBackward{dnnl::pooling_backward(pd)});
    });
    std::unordered_map<int, memory> args{{DNNL_ARG_DIFF_DST, memory(g.dst(), cpuEngine(), const_cast<float*>(dy))},
                                         {DNNL_ARG_DIFF_SRC, memory(g.src(), cpuEngine(), dx)}};
    if (max) {
      const float* x = floatArg(info, 1, g.srcSize(), "x");
      // Only the workspace the forward pass fills is wanted, not its output.
      forward->scratchDst.resize(g.dstSize());
      runForward(*forward, g, max, x, forward->scratchDst.data());
      args[DNNL_ARG_WORKSPACE] = forward->workspace;
    }
    backward->primitive.execute(cpuStream(), args);
    cpuStream().wait();
  });
}

}  // namespace kiln
