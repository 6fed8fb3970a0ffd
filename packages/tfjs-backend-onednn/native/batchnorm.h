#pragma once

#include <napi.h>

namespace kiln {

Napi::Value BatchNormJs(const Napi::CallbackInfo& info);
Napi::Value BatchNormGradJs(const Napi::CallbackInfo& info);
Napi::Value BatchNormTrainingJs(const Napi::CallbackInfo& info);
Napi::Value BatchNormTrainingGradJs(const Napi::CallbackInfo& info);

}  // namespace kiln
