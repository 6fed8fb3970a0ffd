#pragma once

#include <napi.h>

namespace kiln {

Napi::Value DropoutJs(const Napi::CallbackInfo& info);

}  // namespace kiln
