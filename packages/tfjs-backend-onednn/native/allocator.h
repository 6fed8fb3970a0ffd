#pragma once

namespace kiln {

// Makes glibc serve tensor-sized buffers from its heap and keep freed ones for reuse.
void keepLargeBuffersInHeap();

}  // namespace kiln
