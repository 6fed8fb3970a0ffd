#pragma once

#include <napi.h>

namespace kiln {

Napi::Value ConvForwardJs(const Napi::CallbackInfo& info);
Napi::Value ConvBackwardDataJs(const Napi::CallbackInfo& info);
Napi::Value ConvBackwardWeightsJs(const Napi::CallbackInfo& info);

}  // namespace kiln
