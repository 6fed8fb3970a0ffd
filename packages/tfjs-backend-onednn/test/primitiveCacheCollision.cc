// Two entry types cached under one key string, as two kernels choosing the same key would: each
// must get its own entry. Prints what it saw as JSON for primitiveCache.test.ts.
#include <cstdio>
#include <memory>

#include "primitive_cache.h"

namespace {

struct Small {
  int value;
};

struct Large {
  double values[64];
};

}  // namespace

int main() {
  auto small = kiln::cached<Small>("pool:1x2x3", [] { return std::make_shared<Small>(Small{7}); });
  bool madeLarge = false;
  auto large = kiln::cached<Large>("pool:1x2x3", [&] {
    madeLarge = true;
    auto entry = std::make_shared<Large>();
    entry->values[63] = 1.5;
    return entry;
  });
  auto smallAgain = kiln::cached<Small>("pool:1x2x3", [] { return std::make_shared<Small>(Small{0}); });
  std::printf("{\"madeLarge\": %s, \"largeLast\": %g, \"smallAgain\": %d, \"sameSmall\": %s, \"entries\": %zu}\n",
              madeLarge ? "true" : "false", madeLarge ? large->values[63] : -1.0, smallAgain->value,
              smallAgain == small ? "true" : "false", kiln::primitiveCacheSize());
  return 0;
}
