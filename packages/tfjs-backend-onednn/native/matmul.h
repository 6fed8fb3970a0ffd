#pragma once

#include <napi.h>

namespace kiln {

Napi::Value MatMulJs(const Napi::CallbackInfo& info);

}  // namespace kiln
