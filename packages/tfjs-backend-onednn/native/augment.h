#pragma once

#include <napi.h>

namespace kiln {

Napi::Value AugmentImagesJs(const Napi::CallbackInfo& info);

}  // namespace kiln
