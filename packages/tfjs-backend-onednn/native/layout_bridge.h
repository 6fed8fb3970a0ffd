// Connects a tfjs buffer (dense, in tfjs' layout) to a primitive argument that may want another
// layout (e.g. oneDNN's blocked nChw16c): the reorder primitives and the buffer in the wanted
// layout are made once, with the cached primitive, and reused by every call.
#pragma once

#include <dnnl.hpp>

namespace kiln {

class LayoutBridge {
 public:
  LayoutBridge() = default;
  LayoutBridge(const dnnl::memory::desc& user, const dnnl::memory::desc& wanted);

  // The primitive's input holding `data` (reordered into the bridge's buffer when layouts differ).
  dnnl::memory input(const float* data);
  // Where the primitive writes an output that finish() then delivers to `data`.
  dnnl::memory output(float* data);
  void finish(float* data);

 private:
  dnnl::memory wrap(const float* data) const;
  void reorder(dnnl::reorder& primitive, dnnl::memory& from, dnnl::memory& to) const;

  dnnl::memory::desc user_;
  bool reorders_ = false;
  bool small_ = false;
  dnnl::memory buffer_;
  dnnl::reorder toWanted_;
  dnnl::reorder toUser_;
};

}  // namespace kiln
