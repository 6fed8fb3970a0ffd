// Module init: sets the OpenMP thread count and exports the native kernels.
#include <napi.h>
#include <omp.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "allocator.h"
#include "augment.h"
#include "batchnorm.h"
#include "binary.h"
#include "check.h"
#include "conv.h"
#include "dropout.h"
#include "eltwise.h"
#include "matmul.h"
#include "optimizer.h"
#include "pool.h"
#include "precision.h"
#include "primitive_cache.h"
#include "reduction.h"
#include "sgemm.h"
#include "softmax.h"
#include "tile.h"

namespace kiln {

namespace {

// KILN_THREADS overrides the default of one thread per core.
int threadCount() {
  const char* requested = std::getenv("KILN_THREADS");
  if (requested != nullptr) {
    int n = std::atoi(requested);
    if (n > 0) return n;
  }
  return omp_get_num_procs();
}

Napi::Value InfoJs(const Napi::CallbackInfo& info) {
  return guarded(info, "info", [&]() -> Napi::Value {
    Napi::Object result = Napi::Object::New(info.Env());
    const dnnl_version_t* version = dnnl_version();
    result.Set("version", std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
                              std::to_string(version->patch));
    result.Set("threads", omp_get_max_threads());
    result.Set("cachedPrimitives", static_cast<double>(primitiveCacheSize()));
    result.Set("cacheCapacity", static_cast<double>(primitiveCacheCapacity()));
    result.Set("bf16", cpuHasBf16());
    return result;
  });
}

// setPrimitiveCacheCapacity(n): n >= 0 entries; a non-number or negative n would wrap to a huge bound.
Napi::Value SetCacheCapacityJs(const Napi::CallbackInfo& info) {
  return guarded(info, "setPrimitiveCacheCapacity", [&] {
    const double capacity = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
    if (!(capacity >= 0 && capacity <= 4294967295.0 && capacity == static_cast<double>(static_cast<uint32_t>(capacity))))
      throw std::invalid_argument("the capacity must be an integer from 0 to 2^32 - 1");
    setPrimitiveCacheCapacity(static_cast<uint32_t>(capacity));
  });
}

// keepLargeBuffersInHeap(): process-wide, so the backend's set-up calls it (unless told not to), not the module's init.
Napi::Value KeepLargeBuffersInHeapJs(const Napi::CallbackInfo& info) {
  return guarded(info, "keepLargeBuffersInHeap", [] { keepLargeBuffersInHeap(); });
}

// setThreads(n): the OpenMP threads of every kernel from now on. oneDNN fixes a primitive's
// thread count when it is created, so the cached ones go.
Napi::Value SetThreadsJs(const Napi::CallbackInfo& info) {
  return guarded(info, "setThreads", [&] {
    const int64_t threads = info[0].IsNumber() ? info[0].As<Napi::Number>().Int64Value() : 0;
    if (threads < 1) throw std::invalid_argument("the thread count must be a positive integer");
    omp_set_num_threads(static_cast<int>(threads));
    clearPrimitiveCache();
  });
}

}  // namespace

}  // namespace kiln

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace kiln;
  omp_set_num_threads(threadCount());
  exports.Set("info", Napi::Function::New(env, InfoJs));
  exports.Set("keepLargeBuffersInHeap", Napi::Function::New(env, KeepLargeBuffersInHeapJs));
  exports.Set("setPrimitiveCacheCapacity", Napi::Function::New(env, SetCacheCapacityJs));
  exports.Set("setThreads", Napi::Function::New(env, SetThreadsJs));
  exports.Set("sgemm", Napi::Function::New(env, SgemmJs));
  exports.Set("convForward", Napi::Function::New(env, ConvForwardJs));
  exports.Set("convBackwardData", Napi::Function::New(env, ConvBackwardDataJs));
  exports.Set("convBackwardWeights", Napi::Function::New(env, ConvBackwardWeightsJs));
  exports.Set("poolForward", Napi::Function::New(env, PoolForwardJs));
  exports.Set("poolBackward", Napi::Function::New(env, PoolBackwardJs));
  exports.Set("maxPoolWorkspaceBytes", Napi::Function::New(env, MaxPoolWorkspaceBytesJs));
  exports.Set("binary", Napi::Function::New(env, BinaryJs));
  exports.Set("minMaxGrad", Napi::Function::New(env, MinMaxGradJs));
  exports.Set("eltwise", Napi::Function::New(env, EltwiseJs));
  exports.Set("step", Napi::Function::New(env, StepJs));
  exports.Set("reduce", Napi::Function::New(env, ReduceJs));
  exports.Set("matmul", Napi::Function::New(env, MatMulJs));
  exports.Set("tile", Napi::Function::New(env, TileJs));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNormJs));
  exports.Set("batchNormGrad", Napi::Function::New(env, BatchNormGradJs));
  exports.Set("dropout", Napi::Function::New(env, DropoutJs));
  exports.Set("augmentImages", Napi::Function::New(env, AugmentImagesJs));
  exports.Set("rmspropUpdate", Napi::Function::New(env, RmspropUpdateJs));
  exports.Set("sgdMomentumUpdate", Napi::Function::New(env, SgdMomentumUpdateJs));
  exports.Set("batchNormTraining", Napi::Function::New(env, BatchNormTrainingJs));
  exports.Set("batchNormTrainingGrad", Napi::Function::New(env, BatchNormTrainingGradJs));
  exports.Set("unaryGrad", Napi::Function::New(env, UnaryGradJs));
  exports.Set("reluBiasGrad", Napi::Function::New(env, ReluBiasGradJs));
  exports.Set("softmax", Napi::Function::New(env, SoftmaxJs));
  return exports;
}

NODE_API_MODULE(onednn, Init)
