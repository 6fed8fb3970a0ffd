#pragma once

#include <napi.h>

namespace kiln {

Napi::Value ReduceJs(const Napi::CallbackInfo& info);

}  // namespace kiln
