// Splits items [0, total) into one contiguous range per OpenMP thread, or runs it on the calling
// thread when it is too small for waking the others to pay off; and keeps small oneDNN work on the
// calling thread.
#pragma once

#include <omp.h>

#include <cstdint>

namespace kiln {

// Below this many elements of streaming work, one thread finishes before others would start.
constexpr int64_t kParallelMinElements = 1 << 15;

template <typename Body>
void parallelRanges(int64_t total, Body body, int64_t elementsPerItem = 1) {
  if (total * elementsPerItem < kParallelMinElements || omp_get_max_threads() == 1) {
    body(int64_t{0}, total);
    return;
  }
#pragma omp parallel
  {
    int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
    // Each thread runs its own copy: what a body captures by value then sits on that thread's stack.
    // Shared, a capture the loop re-reads (a float store might alias it) sat on a cache line the
    // calling thread keeps writing, and two threads ran many times slower than one.
    Body own = body;
    own(total * t / threads, total * (t + 1) / threads);
  }
}

// While alive (and `active`), OpenMP regions started on this thread run on it alone, including
// oneDNN's, which reads the thread count when a primitive is created and when it runs.
class SingleThreaded {
 public:
  explicit SingleThreaded(bool active) : previous_(omp_get_max_threads()), active_(active) {
    if (active_) omp_set_num_threads(1);
  }
  ~SingleThreaded() {
    if (active_) omp_set_num_threads(previous_);
  }
  SingleThreaded(const SingleThreaded&) = delete;
  SingleThreaded& operator=(const SingleThreaded&) = delete;

 private:
  int previous_;
  bool active_;
};

}  // namespace kiln
