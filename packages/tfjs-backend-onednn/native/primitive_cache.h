// The addon's only global mutable state: the CPU engine and stream, and the primitives built so
// far, keyed by kernel + shapes + attributes and bounded by least-recent use (creating a oneDNN
// primitive JIT-compiles code, far slower than running it on a batch).
#pragma once

#include <dnnl.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <typeindex>
#include <typeinfo>

namespace kiln {

dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

// The cached entry of type `type` under `key`, built by `make` (which returns one of that type) on
// a miss. Use cached<Entry>() instead.
std::shared_ptr<void> cachedEntry(std::type_index type, const std::string& key,
                                  const std::function<std::shared_ptr<void>()>& make);

// The cached Entry under `key`, built by `make` on a miss. The entry's type is part of the key, so
// entries of two types under one key string are two entries, and the cast back is always right.
template <typename Entry, typename Make>
std::shared_ptr<Entry> cached(const std::string& key, Make make) {
  return std::static_pointer_cast<Entry>(
      cachedEntry(typeid(Entry), key, [&]() -> std::shared_ptr<void> { return std::shared_ptr<Entry>(make()); }));
}

// Sets the maximum number of cached entries, evicting the least recently used beyond it.
void setPrimitiveCacheCapacity(size_t capacity);
// Drops every cached entry (after a change of thread count, which oneDNN fixes at creation).
void clearPrimitiveCache();
size_t primitiveCacheSize();
size_t primitiveCacheCapacity();

}  // namespace kiln
