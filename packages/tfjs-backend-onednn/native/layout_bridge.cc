#include "layout_bridge.h"

#include "parallel.h"
#include "primitive_cache.h"

namespace kiln {

namespace {
// Bytes below which a reorder (typically a layer's weights) runs on the calling thread: waking the
// other OpenMP threads costs more than a small reorder itself.
constexpr size_t kSmallReorderBytes = 256 * 1024;
}  // namespace

LayoutBridge::LayoutBridge(const dnnl::memory::desc& user, const dnnl::memory::desc& wanted)
    : user_(user), reorders_(user != wanted), small_(wanted.get_size() < kSmallReorderBytes) {
  if (!reorders_) return;
  const SingleThreaded singleThreaded(small_);
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
  reorder(toWanted_, source, buffer_);
  return buffer_;
}

dnnl::memory LayoutBridge::output(float* data) { return reorders_ ? buffer_ : wrap(data); }

void LayoutBridge::finish(float* data) {
  if (!reorders_) return;
  dnnl::memory target = wrap(data);
  reorder(toUser_, buffer_, target);
}

void LayoutBridge::reorder(dnnl::reorder& primitive, dnnl::memory& from, dnnl::memory& to) const {
  const SingleThreaded singleThreaded(small_);
  primitive.execute(cpuStream(), from, to);
}

}  // namespace kiln
