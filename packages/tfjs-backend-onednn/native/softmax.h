#pragma once

#include <napi.h>

namespace kiln {

Napi::Value SoftmaxJs(const Napi::CallbackInfo& info);

}  // namespace kiln
