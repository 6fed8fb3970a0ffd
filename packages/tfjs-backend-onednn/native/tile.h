#pragma once

#include <napi.h>

namespace kiln {

Napi::Value TileJs(const Napi::CallbackInfo& info);

}  // namespace kiln
