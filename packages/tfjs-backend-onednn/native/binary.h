#pragma once

#include <napi.h>

namespace kiln {

Napi::Value BinaryJs(const Napi::CallbackInfo& info);
Napi::Value MinMaxGradJs(const Napi::CallbackInfo& info);

}  // namespace kiln
