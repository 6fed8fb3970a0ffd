#include "primitive_cache.h"

#include <list>
#include <unordered_map>
#include <utility>

namespace kiln {

namespace {

// An entry's type and key string: equal only for entries of one type, so a shared_ptr<void> found
// under it is cast back to the type it was made as.
struct TypedKey {
  std::type_index type;
  std::string key;
  bool operator==(const TypedKey& other) const { return type == other.type && key == other.key; }
};

struct TypedKeyHash {
  size_t operator()(const TypedKey& k) const {
    return std::hash<std::string>()(k.key) ^ (std::hash<std::type_index>()(k.type) * 31);
  }
};

struct Lru {
  size_t capacity = 256;
  // Most recently used first.
  std::list<std::pair<TypedKey, std::shared_ptr<void>>> order;
  std::unordered_map<TypedKey, decltype(order)::iterator, TypedKeyHash> index;

  void trim() {
    while (order.size() > capacity) {
      index.erase(order.back().first);
      order.pop_back();
    }
  }
};

Lru& lru() {
  static Lru instance;
  return instance;
}

}  // namespace

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

std::shared_ptr<void> cachedEntry(std::type_index type, const std::string& keyString,
                                  const std::function<std::shared_ptr<void>()>& make) {
  Lru& cache = lru();
  const TypedKey key{type, keyString};
  auto found = cache.index.find(key);
  if (found != cache.index.end()) {
    cache.order.splice(cache.order.begin(), cache.order, found->second);
    return found->second->second;
  }
  std::shared_ptr<void> entry = make();
  cache.order.emplace_front(key, entry);
  cache.index[key] = cache.order.begin();
  cache.trim();
  return entry;
}

void setPrimitiveCacheCapacity(size_t capacity) {
  lru().capacity = capacity;
  lru().trim();
}

void clearPrimitiveCache() {
  const size_t capacity = lru().capacity;
  setPrimitiveCacheCapacity(0);
  lru().capacity = capacity;
}

size_t primitiveCacheSize() { return lru().order.size(); }

size_t primitiveCacheCapacity() { return lru().capacity; }

}  // namespace kiln
