// The geometry of a 2-D convolution or pooling window, as the integer array JS builds from tfjs'
// own Conv2DInfo (src/kernels/convGeometry.ts), with the oneDNN memory descriptors it implies.
#pragma once

#include <dnnl.hpp>
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "args.h"

namespace kiln {

constexpr size_t kConvGeometrySize = 18;

struct ConvGeometry {
  using memory = dnnl::memory;
  using tag = dnnl::memory::format_tag;

  std::vector<int64_t> raw;
  int64_t n, h, w, c, oh, ow, oc, kh, kw, strideH, strideW, padT, padL, padB, padR, dilH, dilW;
  bool depthwise;

  // From argument `index` of a native call.
  ConvGeometry(const Napi::CallbackInfo& info, size_t index)
      : ConvGeometry(intsArg(info, index, kConvGeometrySize, "geometry")) {}

  explicit ConvGeometry(const std::vector<int64_t>& g)
      : raw(g), n(g[0]), h(g[1]), w(g[2]), c(g[3]), oh(g[4]), ow(g[5]), oc(g[6]), kh(g[7]), kw(g[8]),
        strideH(g[9]), strideW(g[10]), padT(g[11]), padL(g[12]), padB(g[13]), padR(g[14]),
        dilH(g[15]), dilW(g[16]), depthwise(g[17] != 0) {}

  int64_t srcSize() const { return n * h * w * c; }
  int64_t dstSize() const { return n * oh * ow * oc; }
  int64_t weightsSize() const { return kh * kw * (depthwise ? oc : c * oc); }

  using type = memory::data_type;

  memory::desc src(tag layout = tag::nhwc, type t = type::f32) const { return {{n, c, h, w}, t, layout}; }
  memory::desc dst(tag layout = tag::nhwc, type t = type::f32) const { return {{n, oc, oh, ow}, t, layout}; }
  memory::desc bias() const { return {{oc}, memory::data_type::f32, tag::a}; }

  // tfjs filters: HWIO [kh, kw, c, oc], or for depthwise [kh, kw, c, multiplier], which as oneDNN
  // grouped weights (groups = c, oc/c outputs and 1 input each) has these strides.
  memory::desc weights() const {
    if (!depthwise) return {{oc, c, kh, kw}, memory::data_type::f32, tag::hwio};
    int64_t m = oc / c;
    return {{c, m, 1, kh, kw}, memory::data_type::f32, memory::dims{m, 1, c * m, kw * c * m, c * m}};
  }
  memory::desc anyWeights(type t = type::f32) const {
    memory::dims dims = depthwise ? memory::dims{c, oc / c, 1, kh, kw} : memory::dims{oc, c, kh, kw};
    return {dims, t, tag::any};
  }

  memory::dims strides() const { return {strideH, strideW}; }
  memory::dims dilations() const { return {dilH - 1, dilW - 1}; }
  memory::dims padBefore() const { return {padT, padL}; }
  memory::dims padAfter() const { return {padB, padR}; }

  // The primitive cache key of `kernel` on this geometry.
  std::string key(const std::string& kernel) const {
    std::string k = kernel;
    for (int64_t v : raw) k += ":" + std::to_string(v);
    return k;
  }
};

}  // namespace kiln
