#pragma once

#include <napi.h>

namespace kiln {

Napi::Value RmspropUpdateJs(const Napi::CallbackInfo& info);
Napi::Value SgdMomentumUpdateJs(const Napi::CallbackInfo& info);

}  // namespace kiln
