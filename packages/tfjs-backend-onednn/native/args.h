// Reads and validates the arguments JS passes to native kernels: typed arrays are used in place
// (their buffers, no copy), integer parameters arrive as a plain array of numbers.
#pragma once

#include <napi.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln {

// The data of argument `index`, which must be a typed array of `type` (`typeName`, elements T)
// with exactly `length` elements.
template <typename T>
T* typedArrayArg(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name, napi_typedarray_type type,
                 const char* typeName) {
  if (!info[index].IsTypedArray() || info[index].As<Napi::TypedArray>().TypedArrayType() != type) {
    throw std::invalid_argument(std::string(name) + " must be a " + typeName);
  }
  auto array = info[index].As<Napi::TypedArrayOf<T>>();
  if (array.ElementLength() != length) {
    throw std::invalid_argument(std::string(name) + " has " + std::to_string(array.ElementLength()) +
                                " elements, expected " + std::to_string(length));
  }
  return array.Data();
}

// The data of argument `index`, which must be a Float32Array of exactly `length` elements.
inline float* floatArg(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  return typedArrayArg<float>(info, index, length, name, napi_float32_array, "Float32Array");
}

// Like floatArg, but null/undefined gives nullptr (an optional input such as a bias).
inline float* optionalFloatArg(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  if (info[index].IsNull() || info[index].IsUndefined()) return nullptr;
  return floatArg(info, index, length, name);
}

// A Uint8Array of exactly `length` elements, or nullptr for null/undefined.
inline uint8_t* optionalByteArg(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  if (info[index].IsNull() || info[index].IsUndefined()) return nullptr;
  return typedArrayArg<uint8_t>(info, index, length, name, napi_uint8_array, "Uint8Array");
}

// Argument `index` as `count` integers (a JS array of numbers).
inline std::vector<int64_t> intsArg(const Napi::CallbackInfo& info, size_t index, size_t count, const char* name) {
  if (!info[index].IsArray()) throw std::invalid_argument(std::string(name) + " must be an array of integers");
  auto array = info[index].As<Napi::Array>();
  if (array.Length() != count) {
    throw std::invalid_argument(std::string(name) + " must have " + std::to_string(count) + " entries");
  }
  std::vector<int64_t> values(count);
  for (uint32_t i = 0; i < count; ++i) {
    Napi::Value v = array.Get(i);
    if (!v.IsNumber()) throw std::invalid_argument(std::string(name) + " must contain only numbers");
    values[i] = v.As<Napi::Number>().Int64Value();
  }
  return values;
}

inline bool boolArg(const Napi::CallbackInfo& info, size_t index) { return info[index].ToBoolean().Value(); }

inline int64_t product(const std::vector<int64_t>& dims) {
  int64_t p = 1;
  for (int64_t d : dims) p *= d;
  return p;
}

}  // namespace kiln
