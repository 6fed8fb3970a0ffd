#pragma once

#include <napi.h>

namespace kiln {

Napi::Value PoolForwardJs(const Napi::CallbackInfo& info);
Napi::Value PoolBackwardJs(const Napi::CallbackInfo& info);
Napi::Value MaxPoolWorkspaceBytesJs(const Napi::CallbackInfo& info);

}  // namespace kiln
