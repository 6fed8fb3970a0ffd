{
  "targets": [
    {
      "target_name": "onednn",
      "sources": [
        "native/addon.cc",
        "native/primitive_cache.cc",
        "native/allocator.cc",
        "native/layout_bridge.cc",
        "native/conv.cc",
        "native/depthwise_rows.cc",
        "native/pool.cc",
        "native/matmul.cc",
        "native/binary.cc",
        "native/eltwise.cc",
        "native/gelu.cc",
        "native/reduction.cc",
        "native/tile.cc",
        "native/batchnorm.cc",
        "native/dropout.cc",
        "native/augment.cc",
        "native/optimizer.cc",
        "native/sgemm.cc",
        "native/softmax.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "/usr/include/oneapi"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL"],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fno-math-errno", "-fexceptions", "-fopenmp", "-Wall", "-Wextra"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
