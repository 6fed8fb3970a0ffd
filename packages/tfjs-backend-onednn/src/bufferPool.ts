// Reuses the float32 buffers of disposed tensors for the outputs of later native kernels.
//
// Why: a training step allocates the same few hundred MB of activations and gradients every time.
// Left to the garbage collector, each step's buffers arrive as new ArrayBuffers: V8 runs a major
// GC every few tens of ms to reclaim them (external-memory pressure), and fresh pages cost a page
// fault each (a kernel writing fresh pages runs several times slower). tfjs tells a backend exactly
// when a tensor's data is released, so its buffer can go straight back into use.
//
// A buffer is only recycled while nothing outside its tensor can see it: it is lent to the caller
// of readSync / read (dataSync, data, bufferSync), and tfjs' cpu kernels may wrap it, or a view of
// it, in another tensor (a simple Slice returns a subarray), so both make it ineligible for good.

/**
 * Free buffers kept for reuse at most; beyond it, the sizes used least recently are left to the
 * GC. A training step of the chapter's models frees hundreds of MB at its peak.
 */
const DEFAULT_MAX_FREE_BYTES = 1024 * 1024 * 1024;

export class BufferPool {
  /** Free buffers by length; the Map's order is the sizes' last use, least recent first. */
  private readonly freeBySize = new Map<number, Float32Array[]>();
  private freeBytes = 0;
  /** Buffers that back exactly one live tensor and were never seen outside it. */
  private readonly recyclable = new WeakSet<object>();

  constructor(private readonly maxFreeBytes = DEFAULT_MAX_FREE_BYTES) {}

  /** `size` float32s, uninitialized: a recycled buffer when one of that size is free. */
  acquire(size: number): Float32Array {
    const recycled = this.freeBySize.has(size) ? this.touch(size).pop() : undefined;
    if (recycled !== undefined) {
      this.freeBytes -= recycled.byteLength;
      return recycled;
    }
    const bytes = Buffer.allocUnsafeSlow(size * Float32Array.BYTES_PER_ELEMENT);
    return new Float32Array(bytes.buffer, bytes.byteOffset, size);
  }

  /** `values` (from acquire) now backs one tensor and may come back through release. */
  adopt(values: Float32Array): void {
    this.recyclable.add(values.buffer);
  }

  /** Something else now refers to `values`' memory: never recycle it. */
  escape(values: ArrayBufferView): void {
    this.recyclable.delete(values.buffer);
  }

  /** The tensor backed by `values` was disposed. */
  release(values: Float32Array): void {
    if (!this.recyclable.has(values.buffer)) return;
    this.recyclable.delete(values.buffer);
    if (values.byteLength > this.maxFreeBytes) return;
    this.touch(values.length).push(values);
    this.freeBytes += values.byteLength;
    this.evictLeastRecentlyUsed();
  }

  /** The free list of `size`, moved to the most recently used end. */
  private touch(size: number): Float32Array[] {
    const free = this.freeBySize.get(size) ?? [];
    this.freeBySize.delete(size);
    this.freeBySize.set(size, free);
    return free;
  }

  private evictLeastRecentlyUsed(): void {
    for (const [size, free] of this.freeBySize) {
      if (this.freeBytes <= this.maxFreeBytes) return;
      while (free.length > 0 && this.freeBytes > this.maxFreeBytes) this.freeBytes -= free.pop()!.byteLength;
      if (free.length === 0) this.freeBySize.delete(size);
    }
  }

  /** Bytes held in free buffers. */
  get heldBytes(): number {
    return this.freeBytes;
  }
}
