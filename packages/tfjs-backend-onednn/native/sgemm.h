#pragma once

#include <napi.h>

namespace kiln {

Napi::Value SgemmJs(const Napi::CallbackInfo& info);

}  // namespace kiln
