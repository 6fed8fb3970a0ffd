#pragma once

#include <napi.h>

namespace kiln {

Napi::Value EltwiseJs(const Napi::CallbackInfo& info);
Napi::Value StepJs(const Napi::CallbackInfo& info);
Napi::Value UnaryGradJs(const Napi::CallbackInfo& info);
Napi::Value ReluBiasGradJs(const Napi::CallbackInfo& info);

}  // namespace kiln
