// Conv2D and depthwise Conv2D (a grouped convolution with groups = input channels), forward with
// optional fused bias + ReLU, and both backward passes, in tfjs' NHWC / HWIO layouts. Depthwise
// convolutions over few channels go to depthwise_rows.cc, in float32 whatever the precision asked.
// In bfloat16 (precision.h) the inputs the primitive reads (x, the filter, dy) are converted by the
// bridges' reorders, and what it writes (y, dx, dFilter) stays float32, accumulated in float32.
#include "conv.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "check.h"
#include "conv_geometry.h"
#include "depthwise_rows.h"
#include "layout_bridge.h"
#include "precision.h"
#include "primitive_cache.h"

namespace kiln {

namespace {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = memory::format_tag;

// Activations stay in tfjs' NHWC: oneDNN's AVX-512 convolutions run on it directly, and letting
// them choose (blocked nChw16c) costs a reorder of every activation and gradient per call.
constexpr tag kActivations = tag::nhwc;

dnnl::convolution_forward::primitive_desc forwardDesc(const ConvGeometry& g, bool withBias, bool relu,
                                                      Precision precision) {
  const auto in = inputType(precision);
  dnnl::primitive_attr attr;
  if (relu) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  auto desc = withBias ? dnnl::convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct,
                                                         g.src(kActivations, in), g.anyWeights(in), g.bias(),
                                                         g.dst(kActivations), g.strides(), g.dilations(), g.padBefore(),
                                                         g.padAfter())
                       : dnnl::convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct,
                                                         g.src(kActivations, in), g.anyWeights(in), g.dst(kActivations),
                                                         g.strides(), g.dilations(), g.padBefore(), g.padAfter());
  return {desc, attr, cpuEngine()};
}

struct ConvForward {
  dnnl::convolution_forward primitive;
  LayoutBridge src, weights, dst;
};

struct ConvBackwardData {
  dnnl::convolution_backward_data primitive;
  LayoutBridge diffDst, weights, diffSrc;
};

struct ConvBackwardWeights {
  dnnl::convolution_backward_weights primitive;
  LayoutBridge src, diffDst, diffWeights;
};

}  // namespace

// convForward(x, filter, bias | null, y, geometry, relu, bf16)
Napi::Value ConvForwardJs(const Napi::CallbackInfo& info) {
  return guarded(info, "convForward", [&] {
    ConvGeometry g(info, 4);
    const float* x = floatArg(info, 0, g.srcSize(), "x");
    const float* filter = floatArg(info, 1, g.weightsSize(), "filter");
    const float* bias = optionalFloatArg(info, 2, g.oc, "bias");
    float* y = floatArg(info, 3, g.dstSize(), "y");
    bool relu = boolArg(info, 5);
    const Precision precision = precisionArg(info, 6);
    if (isNarrowDepthwise(g)) return narrowDepthwiseForward(g, x, filter, bias, y, relu);
    std::string key = g.key(bias ? "convForwardBias" : "convForward") + (relu ? ":relu" : "") + precisionKey(precision);
    auto entry = cached<ConvForward>(key, [&] {
      auto pd = forwardDesc(g, bias != nullptr, relu, precision);
      return std::make_shared<ConvForward>(ConvForward{dnnl::convolution_forward(pd),
                                                       LayoutBridge(g.src(), pd.src_desc()),
                                                       LayoutBridge(g.weights(), pd.weights_desc()),
                                                       LayoutBridge(g.dst(), pd.dst_desc())});
    });
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, entry->src.input(x)},
                                         {DNNL_ARG_WEIGHTS, entry->weights.input(filter)},
                                         {DNNL_ARG_DST, entry->dst.output(y)}};
    if (bias) args[DNNL_ARG_BIAS] = memory(g.bias(), cpuEngine(), const_cast<float*>(bias));
    entry->primitive.execute(cpuStream(), args);
    entry->dst.finish(y);
    cpuStream().wait();
  });
}

// convBackwardData(dy, filter, dx, geometry, bf16)
Napi::Value ConvBackwardDataJs(const Napi::CallbackInfo& info) {
  return guarded(info, "convBackwardData", [&] {
    ConvGeometry g(info, 3);
    const float* dy = floatArg(info, 0, g.dstSize(), "dy");
    const float* filter = floatArg(info, 1, g.weightsSize(), "filter");
    float* dx = floatArg(info, 2, g.srcSize(), "dx");
    const Precision precision = precisionArg(info, 4);
    if (isNarrowDepthwise(g)) return narrowDepthwiseBackwardData(g, dy, filter, dx);
    auto entry = cached<ConvBackwardData>(g.key("convBackwardData") + precisionKey(precision), [&] {
      auto hint = forwardDesc(g, false, false, precision);
      const auto in = inputType(precision);
      dnnl::convolution_backward_data::desc desc(algorithm::convolution_direct, g.src(kActivations), g.anyWeights(in),
                                                 g.dst(kActivations, in), g.strides(), g.dilations(), g.padBefore(),
                                                 g.padAfter());
      dnnl::convolution_backward_data::primitive_desc pd(desc, cpuEngine(), hint);
      return std::make_shared<ConvBackwardData>(ConvBackwardData{dnnl::convolution_backward_data(pd),
                                                                 LayoutBridge(g.dst(), pd.diff_dst_desc()),
                                                                 LayoutBridge(g.weights(), pd.weights_desc()),
                                                                 LayoutBridge(g.src(), pd.diff_src_desc())});
    });
    entry->primitive.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, entry->diffDst.input(dy)},
                                           {DNNL_ARG_WEIGHTS, entry->weights.input(filter)},
                                           {DNNL_ARG_DIFF_SRC, entry->diffSrc.output(dx)}});
    entry->diffSrc.finish(dx);
    cpuStream().wait();
  });
}

// convBackwardWeights(x, dy, dFilter, geometry, bf16). A bias' gradient comes from reluBiasGrad, which
// sums it in the ReLU gradient's pass over dy (oneDNN's diff_bias here slows 1x1 kernels).
Napi::Value ConvBackwardWeightsJs(const Napi::CallbackInfo& info) {
  return guarded(info, "convBackwardWeights", [&] {
    ConvGeometry g(info, 3);
    const float* x = floatArg(info, 0, g.srcSize(), "x");
    const float* dy = floatArg(info, 1, g.dstSize(), "dy");
    float* dFilter = floatArg(info, 2, g.weightsSize(), "dFilter");
    const Precision precision = precisionArg(info, 4);
    if (isNarrowDepthwise(g)) return narrowDepthwiseBackwardWeights(g, x, dy, dFilter);
    auto entry = cached<ConvBackwardWeights>(g.key("convBackwardWeights") + precisionKey(precision), [&] {
      auto hint = forwardDesc(g, false, false, precision);
      const auto in = inputType(precision);
      dnnl::convolution_backward_weights::desc desc(algorithm::convolution_direct, g.src(kActivations, in),
                                                    g.anyWeights(), g.dst(kActivations, in), g.strides(),
                                                    g.dilations(), g.padBefore(), g.padAfter());
      dnnl::convolution_backward_weights::primitive_desc pd(desc, cpuEngine(), hint);
      return std::make_shared<ConvBackwardWeights>(ConvBackwardWeights{
          dnnl::convolution_backward_weights(pd), LayoutBridge(g.src(), pd.src_desc()),
          LayoutBridge(g.dst(), pd.diff_dst_desc()), LayoutBridge(g.weights(), pd.diff_weights_desc())});
    });
    entry->primitive.execute(cpuStream(), {{DNNL_ARG_SRC, entry->src.input(x)},
                                           {DNNL_ARG_DIFF_DST, entry->diffDst.input(dy)},
                                           {DNNL_ARG_DIFF_WEIGHTS, entry->diffWeights.output(dFilter)}});
    entry->diffWeights.finish(dFilter);
    cpuStream().wait();
  });
}

}  // namespace kiln
