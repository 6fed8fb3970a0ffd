// Image augmentation of a batch in one pass: per image a horizontal flip, an integer translation
// (with reflected or constant padding) and a cut-out rectangle, each drawn by the caller. Done as
// one gather per output element, the batch is read once and written once; in tfjs the same needs
// a reverse, a pad, a slice and a mask multiply per image.
#include "augment.h"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "args.h"
#include "check.h"
#include "parallel.h"

namespace kiln {

namespace {

// Parameters per image, in the order of the Int32Array the caller passes.
constexpr int64_t kParamsPerImage = 7;  // flip, shiftRows, shiftCols, cutTop, cutLeft, cutBottom, cutRight

// Index i of an axis of `size` elements, padded by reflection about the edge as Keras' 'reflect'
// fill mode (d c b a | a b c d | d c b a); -1 when the padding is constant.
inline int64_t sourceIndex(int64_t i, int64_t size, bool reflect) {
  if (i >= 0 && i < size) return i;
  if (!reflect) return -1;
  const int64_t period = 2 * size;
  int64_t m = i % period;
  if (m < 0) m += period;
  return m < size ? m : period - 1 - m;
}

}  // namespace

// augmentImages(x, [n, h, w, c], params, reflect, fillValue, y): y[b, r, q, :] is fillValue
// inside image b's cut-out rectangle, else x[b, sourceIndex(r - shiftRows), f(sourceIndex(q - shiftCols)), :]
// with f mirroring the column when b is flipped (the flip comes first, then the translation).
Napi::Value AugmentImagesJs(const Napi::CallbackInfo& info) {
  return guarded(info, "augmentImages", [&] {
    const std::vector<int64_t> dims = intsArg(info, 1, 4, "shape");
    const int64_t n = dims[0], h = dims[1], w = dims[2], c = dims[3];
    if (n < 0 || h <= 0 || w <= 0 || c <= 0) throw std::invalid_argument("shape must be [n, h, w, c] with h, w, c > 0");
    const int64_t size = n * h * w * c;
    const float* x = floatArg(info, 0, size, "x");
    const int32_t* params = typedArrayArg<int32_t>(info, 2, n * kParamsPerImage, "params", napi_int32_array, "Int32Array");
    const bool reflect = boolArg(info, 3);
    const float fillValue = static_cast<float>(info[4].As<Napi::Number>().DoubleValue());
    float* y = floatArg(info, 5, size, "y");
    // One item per output row (image b, row r): each copies w pixels of c channels.
    parallelRanges(
        n * h,
        [=](int64_t begin, int64_t end) {
          for (int64_t item = begin; item < end; ++item) {
            const int64_t b = item / h, r = item % h;
            const int32_t* p = params + b * kParamsPerImage;
            const bool flip = p[0] != 0;
            const int64_t shiftRows = p[1], shiftCols = p[2];
            const bool rowCut = r >= p[3] && r < p[5];
            float* out = y + item * w * c;
            const int64_t sourceRow = sourceIndex(r - shiftRows, h, reflect);
            for (int64_t q = 0; q < w; ++q, out += c) {
              int64_t sourceCol = sourceIndex(q - shiftCols, w, reflect);
              if ((rowCut && q >= p[4] && q < p[6]) || sourceRow < 0 || sourceCol < 0) {
                for (int64_t k = 0; k < c; ++k) out[k] = fillValue;
                continue;
              }
              if (flip) sourceCol = w - 1 - sourceCol;
              const float* in = x + ((b * h + sourceRow) * w + sourceCol) * c;
              for (int64_t k = 0; k < c; ++k) out[k] = in[k];
            }
          }
        },
        w * c);
  });
}

}  // namespace kiln
