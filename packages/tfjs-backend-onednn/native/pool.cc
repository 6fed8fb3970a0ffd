// MaxPool and AvgPool (averaging only the window's elements inside the input, as tfjs does) and
// their gradients, in NHWC. oneDNN's max pooling gradient reads a workspace of argmax positions
// that its forward pass writes: the caller can keep it (as the backend keeps it with the pooled
// tensor), else the gradient reruns the forward pass to get it.
#include "pool.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "conv_geometry.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

using dnnl::algorithm;
using dnnl::memory;

algorithm poolingAlgorithm(bool max) { return max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding; }

// Training: max pooling then writes the workspace its gradient reads (average pooling has none).
dnnl::pooling_forward::primitive_desc forwardDesc(const ConvGeometry& g, bool max) {
  dnnl::pooling_forward::desc desc(dnnl::prop_kind::forward_training, poolingAlgorithm(max), g.src(), g.dst(),
                                   g.strides(), {g.kh, g.kw}, g.padBefore(), g.padAfter());
  return {desc, cpuEngine()};
}

struct PoolForward {
  dnnl::pooling_forward::primitive_desc pd;
  dnnl::pooling_forward primitive;
  // Where a max pooling forward pass writes when the caller keeps neither: MaxPoolGrad's rerun.
  std::vector<float> scratchDst;
  std::vector<uint8_t> scratchWorkspace;
};

struct PoolBackward {
  dnnl::pooling_backward primitive;
};

std::shared_ptr<PoolForward> cachedForward(const ConvGeometry& g, bool max) {
  return cached<PoolForward>(g.key(max ? "maxPool" : "avgPool"), [&] {
    auto pd = forwardDesc(g, max);
    return std::make_shared<PoolForward>(PoolForward{pd, dnnl::pooling_forward(pd), {}, {}});
  });
}

size_t workspaceBytes(PoolForward& forward) { return forward.pd.workspace_desc().get_size(); }

// The workspace argument at `index` (a Uint8Array of the workspace's size), or nullptr.
uint8_t* workspaceArg(const Napi::CallbackInfo& info, size_t index, PoolForward& forward) {
  return optionalByteArg(info, index, workspaceBytes(forward), "workspace");
}

// The entry's own workspace, for a forward pass whose caller keeps none.
uint8_t* scratchWorkspaceOf(PoolForward& forward) {
  forward.scratchWorkspace.resize(workspaceBytes(forward));
  return forward.scratchWorkspace.data();
}

void runForward(PoolForward& forward, const ConvGeometry& g, bool max, const float* x, float* y, uint8_t* workspace) {
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(g.src(), cpuEngine(), const_cast<float*>(x))},
                                       {DNNL_ARG_DST, memory(g.dst(), cpuEngine(), y)}};
  if (max) args[DNNL_ARG_WORKSPACE] = memory(forward.pd.workspace_desc(), cpuEngine(), workspace);
  forward.primitive.execute(cpuStream(), args);
}

}  // namespace

// maxPoolWorkspaceBytes(geometry): the size of the workspace poolForward writes for max pooling.
Napi::Value MaxPoolWorkspaceBytesJs(const Napi::CallbackInfo& info) {
  return guarded(info, "maxPoolWorkspaceBytes", [&]() -> Napi::Value {
    const ConvGeometry g(info, 0);
    return Napi::Number::New(info.Env(), static_cast<double>(workspaceBytes(*cachedForward(g, true))));
  });
}

// poolForward(x, y, workspace | null, geometry, max): max pooling writes its argmax positions into
// workspace when given.
Napi::Value PoolForwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolForward", [&] {
    const ConvGeometry g(info, 3);
    const float* x = floatArg(info, 0, g.srcSize(), "x");
    float* y = floatArg(info, 1, g.dstSize(), "y");
    const bool max = boolArg(info, 4);
    auto forward = cachedForward(g, max);
    uint8_t* workspace = max ? workspaceArg(info, 2, *forward) : nullptr;
    if (max && workspace == nullptr) workspace = scratchWorkspaceOf(*forward);
    runForward(*forward, g, max, x, y, workspace);
    cpuStream().wait();
  });
}

// poolBackward(dy, x | null, workspace | null, dx, geometry, max): max pooling reads the workspace
// of the forward pass over x when given, else reruns that pass on x.
Napi::Value PoolBackwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "poolBackward", [&] {
    const ConvGeometry g(info, 4);
    const bool max = boolArg(info, 5);
    const float* dy = floatArg(info, 0, g.dstSize(), "dy");
    float* dx = floatArg(info, 3, g.srcSize(), "dx");
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
      const uint8_t* workspace = workspaceArg(info, 2, *forward);
      if (workspace == nullptr) {
        const float* x = floatArg(info, 1, g.srcSize(), "x (without a workspace)");
        forward->scratchDst.resize(g.dstSize());
        uint8_t* own = scratchWorkspaceOf(*forward);
        runForward(*forward, g, max, x, forward->scratchDst.data(), own);
        workspace = own;
      }
      args[DNNL_ARG_WORKSPACE] = memory(forward->pd.workspace_desc(), cpuEngine(), const_cast<uint8_t*>(workspace));
    }
    backward->primitive.execute(cpuStream(), args);
    cpuStream().wait();
  });
}

}  // namespace kiln
