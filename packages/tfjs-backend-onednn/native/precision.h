// The precision a convolution or matrix product computes in: float32, or bfloat16 inputs (f32
// tensors converted by the primitive's reorders) with float32 accumulation and outputs, as Keras'
// mixed_bfloat16 policy. bfloat16 is offered only where the CPU computes it natively: oneDNN also
// emulates it on plain AVX-512, slower than float32, which would defeat its purpose.
#pragma once

#include <dnnl.hpp>
#include <napi.h>

#include <stdexcept>
#include <string>

namespace kiln {

enum class Precision { float32, bfloat16 };

// Whether oneDNN runs bfloat16 natively here (AVX512_BF16 or AMX). Its effective ISA honours
// DNNL_MAX_CPU_ISA, so a capped ISA reads as a CPU without bfloat16.
inline bool cpuHasBf16() {
  const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  const auto bf16 = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
  return (isa & bf16) == bf16;
}

// Argument `index`: true for bfloat16 (absent or false: float32). Throws where the CPU lacks it,
// so that no caller gets oneDNN's slow emulation by mistake.
inline Precision precisionArg(const Napi::CallbackInfo& info, size_t index) {
  if (!info[index].ToBoolean().Value()) return Precision::float32;
  if (!cpuHasBf16()) throw std::invalid_argument("bfloat16 needs a CPU with AVX512_BF16 or AMX, which this one lacks");
  return Precision::bfloat16;
}

// The data type of a bfloat16-able operand (a convolution's or product's input) in `precision`.
inline dnnl::memory::data_type inputType(Precision precision) {
  return precision == Precision::bfloat16 ? dnnl::memory::data_type::bf16 : dnnl::memory::data_type::f32;
}

// The primitive cache key's suffix for `precision`.
inline std::string precisionKey(Precision precision) { return precision == Precision::bfloat16 ? ":bf16" : ""; }

}  // namespace kiln
