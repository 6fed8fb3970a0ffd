// The addon's only global mutable state: the CPU engine and stream, and the primitives built so
// far, keyed by kernel + shapes + attributes and bounded by least-recent use (creating a oneDNN
// primitive JIT-compiles code, far slower than running it on a batch).
#pragma once

#include <dnnl.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace kiln {

dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

// The cached entry under `key`, built by `make` on a miss. Entries of different types must use
// different key prefixes (the kernel name).
std::shared_ptr<void> cachedEntry(const std::string& key, const std::function<std::shared_ptr<void>()>& make);

template <typename Entry, typename Make>
std::shared_ptr<Entry> cached(const std::string& key, Make make) {
  return std::static_pointer_cast<Entry>(cachedEntry(key, [&]() -> std::shared_ptr<void> { return make(); }));
}

// Sets the maximum number of cached entries, evicting the least recently used beyond it.
void setPrimitiveCacheCapacity(size_t capacity);
// Drops every cached entry (after a change of thread count, which oneDNN fixes at creation).
void clearPrimitiveCache();
size_t primitiveCacheSize();
size_t primitiveCacheCapacity();

}  // namespace kiln
