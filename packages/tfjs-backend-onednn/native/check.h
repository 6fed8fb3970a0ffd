// Turns every failure of a native kernel into a JavaScript exception that names the kernel.
// oneDNN's C++ API reports a failing status by throwing dnnl::error; the C API (dnnl_sgemm) returns
// it, and checkStatus() turns that into the same dnnl::error.
#pragma once

#include <dnnl.hpp>
#include <napi.h>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace kiln {

inline void checkStatus(dnnl_status_t status, const char* call) {
  if (status != dnnl_success) throw dnnl::error(status, call);
}

// Runs one exported function, returning what body returns (undefined for void); any oneDNN or
// argument error becomes a JS Error "onednn <name>: ...".
template <typename Body>
Napi::Value guarded(const Napi::CallbackInfo& info, const char* name, Body body) {
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      return info.Env().Undefined();
    } else {
      return body();
    }
  } catch (const Napi::Error&) {
    throw;
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("onednn ") + name + ": " + e.what() +
                                           " (dnnl status " + std::to_string(e.status) + ")");
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("onednn ") + name + ": " + e.what());
  }
}

}  // namespace kiln
