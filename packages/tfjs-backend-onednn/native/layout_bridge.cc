#include "layout_bridge.h"

#include "primitive_cache.h"

namespace kiln {

LayoutBridge::LayoutBridge(const dnnl::memory::desc& user, const dnnl::memory::desc& wanted)
    : user_(user), reorders_(user != wanted) {
  if (!reorders_) return;
  buffer_ = dnnl::memory(wanted, cpuEngine());
  toWanted_ = dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), user, cpuEngine(), wanted));
  toUser_ = dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), wanted, cpuEngine(), user));
}

// oneDNN takes a non-const handle; inputs are only ever read through it.
dnnl::memory LayoutBridge::wrap(const float* data) const {
  return dnnl::memory(user_, cpuEngine(), const_cast<float*>(data));
}

dnnl::memory LayoutBridge::input(const float* data) {
  if (!reorders_) return wrap(data);
  dnnl::memory source = wrap(data);
  toWanted_.execute(cpuStream(), source, buffer_);
  return buffer_;
}

dnnl::memory LayoutBridge::output(float* data) { return reorders_ ? buffer_ : wrap(data); }

void LayoutBridge::finish(float* data) {
  if (!reorders_) return;
  dnnl::memory target = wrap(data);
  toUser_.execute(cpuStream(), buffer_, target);
}

}  // namespace kiln
