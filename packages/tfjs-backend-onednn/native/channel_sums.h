// Per-channel sums over the rows of a channels-last [rows, channels] array, which the batch norm
// kernels and the bias gradient need.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "parallel.h"

namespace kiln {

// Accumulated as tfjs does, in double: float partials over blocks of rows (which vectorize), added
// in double, per thread, then across threads. `addRow(row, sums)` adds a row's `terms` values per
// channel to sums[t * channels + c] (float), so that its loops over channels vectorize; it may
// also write the row's outputs, the sums then coming with that pass for free. out[t][c] receives
// the totals.
template <int terms, typename AddRow>
void channelSums(int64_t rows, int64_t channels, AddRow addRow, std::vector<double> (&out)[terms]) {
  constexpr int64_t kRowsPerBlock = 64;
  const int threads = omp_get_max_threads();
  std::vector<double> partials(static_cast<size_t>(threads) * terms * channels, 0.0);
  parallelRanges(rows, [&](int64_t firstRow, int64_t endRow) {
    double* mine = partials.data() + static_cast<size_t>(omp_get_thread_num()) * terms * channels;
    std::vector<float> block(static_cast<size_t>(terms) * channels);
    for (int64_t blockBegin = firstRow; blockBegin < endRow; blockBegin += kRowsPerBlock) {
      std::fill(block.begin(), block.end(), 0.f);
      for (int64_t row = blockBegin; row < std::min(blockBegin + kRowsPerBlock, endRow); ++row) addRow(row, block.data());
      for (size_t i = 0; i < block.size(); ++i) mine[i] += block[i];
    }
  }, channels);
  for (int t = 0; t < terms; ++t) {
    out[t].assign(channels, 0.0);
    for (int thread = 0; thread < threads; ++thread) {
      for (int64_t c = 0; c < channels; ++c) out[t][c] += partials[(static_cast<size_t>(thread) * terms + t) * channels + c];
    }
  }
}

}  // namespace kiln
