// oneDNN's depthwise kernels hold 16 channels per vector register, so the 3 channels of an image
// (the first layer of a separable convnet) ran at a fraction of their speed. In NHWC a row of the
// output is ow * c contiguous floats, and with stride 1 filter tap (kh, kw) reads the input row kh
// down, shifted by kw * c floats, times the tap's weights spread along the row: each output element
// sums its taps in a register, and the loop over a row's elements vectorizes whatever the channel
// count.
#include "depthwise_rows.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "parallel.h"

namespace kiln {

namespace {

constexpr int64_t kVectorFloats = 16;

// One image's rows, padded left and right, and the taps' weights spread along an output row (tap
// t's weight for channel ch repeated at every ch of the row). Kernels' lambdas copy it, and
// everything else they use, by value: see parallelRanges.
struct Rows {
  ConvGeometry g;
  int64_t width, out, taps;
  std::vector<float> spread, padded;

  Rows(const ConvGeometry& geometry, const float* filter)
      : g(geometry), width((g.w + g.padL + g.padR) * g.c), out(g.ow * g.c), taps(g.kh * g.kw), spread(taps * out) {
    for (int64_t t = 0; t < taps; ++t) {
      for (int64_t j = 0; j < out; ++j) spread[t * out + j] = filter ? filter[t * g.c + j % g.c] : 0.f;
    }
  }

  bool padsWidth() const { return g.padL != 0 || g.padR != 0; }

  // Image n's rows, `width` floats apart: the input itself without horizontal padding, else a copy
  // in `padded` (zero in the padding).
  const float* image(const float* x, int64_t n) {
    const float* rows = x + n * g.h * g.w * g.c;
    if (!padsWidth()) return rows;
    padded.assign(g.h * width, 0.f);
    for (int64_t r = 0; r < g.h; ++r) {
      std::copy(rows + r * g.w * g.c, rows + (r + 1) * g.w * g.c, padded.begin() + r * width + g.padL * g.c);
    }
    return padded.data();
  }

  // The first output row that tap row kh reaches inside the image, and the end of that range.
  int64_t firstRow(int64_t kh) const { return std::clamp(g.padT - kh, int64_t{0}, g.oh); }
  int64_t endRow(int64_t kh) const { return std::clamp(g.h + g.padT - kh, int64_t{0}, g.oh); }
};

// A vector register's worth of floats, as GCC's vector extension (AVX-512, or two AVX registers).
using Vector = float __attribute__((vector_size(kVectorFloats * sizeof(float))));

inline Vector load(const float* p) {
  Vector v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store(float* p, Vector v) { std::memcpy(p, &v, sizeof v); }

// Calls block(j) for j = 0, 16, 32, ... and, when size is not a multiple of 16, once more for the
// last 16 floats (overlapping the block before: `fresh` says how many of its floats are new).
// Rows shorter than a vector are not taken (isNarrowDepthwise).
template <typename Block>
void inVectorBlocks(int64_t size, Block block) {
  int64_t j = 0;
  for (; j + kVectorFloats <= size; j += kVectorFloats) block(j, kVectorFloats);
  if (j < size) block(size - kVectorFloats, size - j);
}

}  // namespace

bool isNarrowDepthwise(const ConvGeometry& g) {
  return g.depthwise && g.oc == g.c && g.c < kVectorFloats && g.ow * g.c >= kVectorFloats && g.strideH == 1 &&
         g.strideW == 1 && g.dilH == 1 && g.dilW == 1 && g.ow == g.w + g.padL + g.padR - g.kw + 1 &&
         g.oh == g.h + g.padT + g.padB - g.kh + 1;
}

void narrowDepthwiseForward(const ConvGeometry& g, const float* x, const float* filter, const float* bias, float* y,
                            bool relu) {
  Rows rows(g, filter);
  std::vector<float> initial(rows.out, 0.f);
  if (bias) {
    for (int64_t j = 0; j < rows.out; ++j) initial[j] = bias[j % g.c];
  }
  parallelRanges(g.n, [=](int64_t begin, int64_t end) mutable {
    std::vector<const float*> sources(rows.taps), weights(rows.taps);
    for (int64_t n = begin; n < end; ++n) {
      const float* image = rows.image(x, n);
      for (int64_t i = 0; i < g.oh; ++i) {
        int64_t k = 0;
        for (int64_t kh = 0; kh < g.kh; ++kh) {
          const int64_t r = i - g.padT + kh;
          if (r < 0 || r >= g.h) continue;
          for (int64_t kw = 0; kw < g.kw; ++kw, ++k) {
            sources[k] = image + r * rows.width + kw * g.c;
            weights[k] = rows.spread.data() + (kh * g.kw + kw) * rows.out;
          }
        }
        float* row = y + (n * g.oh + i) * rows.out;
        inVectorBlocks(rows.out, [&](int64_t j, int64_t) {
          Vector sum = load(initial.data() + j);
          for (int64_t t = 0; t < k; ++t) sum += load(sources[t] + j) * load(weights[t] + j);
          if (relu) sum = sum < 0.f ? Vector{} : sum;
          store(row + j, sum);
        });
      }
    }
  }, g.oh * rows.out * rows.taps);
}

// Not on a convnet's training path (its first layer's input needs no gradient): each input row
// gathers its taps' contributions in a padded row buffer, vectorized but not register-blocked.
void narrowDepthwiseBackwardData(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  const Rows rows(g, filter);
  parallelRanges(g.n * g.h, [=](int64_t begin, int64_t end) {
    std::vector<float> padded(rows.width);
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / g.h, r = row % g.h;
      std::fill(padded.begin(), padded.end(), 0.f);
      for (int64_t kh = 0; kh < g.kh; ++kh) {
        const int64_t i = r + g.padT - kh;  // the output row that read input row r through tap row kh
        if (i < 0 || i >= g.oh) continue;
        const float* dyRow = dy + (n * g.oh + i) * rows.out;
        for (int64_t kw = 0; kw < g.kw; ++kw) {
          float* target = padded.data() + kw * g.c;
          const float* w = rows.spread.data() + (kh * g.kw + kw) * rows.out;
#pragma omp simd
          for (int64_t j = 0; j < rows.out; ++j) target[j] += dyRow[j] * w[j];
        }
      }
      std::copy(padded.begin() + g.padL * g.c, padded.begin() + (g.padL + g.w) * g.c, dx + row * g.w * g.c);
    }
  }, rows.out * rows.taps);
}

void narrowDepthwiseBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dFilter) {
  Rows rows(g, nullptr);
  std::vector<float> spreadSum(rows.taps * rows.out, 0.f);
  parallelRanges(g.n, [=, total = spreadSum.data()](int64_t begin, int64_t end) mutable {
    std::vector<float> sums(rows.taps * rows.out, 0.f);
    for (int64_t n = begin; n < end; ++n) {
      const float* image = rows.image(x, n);
      const float* dyImage = dy + n * g.oh * rows.out;
      for (int64_t kh = 0; kh < g.kh; ++kh) {
        const int64_t first = rows.firstRow(kh), last = rows.endRow(kh);
        for (int64_t kw = 0; kw < g.kw; ++kw) {
          const float* src = image + (first - g.padT + kh) * rows.width + kw * g.c;
          const float* d = dyImage + first * rows.out;
          float* s = sums.data() + (kh * g.kw + kw) * rows.out;
          // Each element of the tap's row sums over the image's rows in a register.
          inVectorBlocks(rows.out, [&](int64_t j, int64_t fresh) {
            Vector sum{};
            for (int64_t i = 0; i < last - first; ++i) {
              sum += load(src + i * rows.width + j) * load(d + i * rows.out + j);
            }
            for (int64_t l = kVectorFloats - fresh; l < kVectorFloats; ++l) s[j + l] += sum[l];
          });
        }
      }
    }
#pragma omp critical
    for (size_t k = 0; k < sums.size(); ++k) total[k] += sums[k];
  }, g.oh * rows.out * rows.taps);
  // Fold each tap's row back to its channels.
  std::fill(dFilter, dFilter + rows.taps * g.c, 0.f);
  for (int64_t t = 0; t < rows.taps; ++t) {
    for (int64_t j = 0; j < rows.out; ++j) dFilter[t * g.c + j % g.c] += spreadSum[t * rows.out + j];
  }
}

}  // namespace kiln
