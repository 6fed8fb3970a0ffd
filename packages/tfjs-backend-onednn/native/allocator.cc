// Why: by default glibc gives every allocation above a (dynamic) threshold its own mmap and
// unmaps it on free, so each new activation or gradient buffer of a training step (tens of MB at
// batch 128) arrives as fresh pages, every one a page fault on first write, which made allocating
// and filling a buffer many times slower than reusing one. Serving
// buffers up to glibc's maximum mmap threshold (32 MB on 64-bit) from the heap, and not trimming
// the heap back, lets freed buffers be reused. The environment variables glibc reads
// (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_) still win when set.
#include "allocator.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kiln {

void keepLargeBuffersInHeap() {
#if defined(__GLIBC__)
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") == nullptr) mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  if (std::getenv("MALLOC_TRIM_THRESHOLD_") == nullptr) mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace kiln
