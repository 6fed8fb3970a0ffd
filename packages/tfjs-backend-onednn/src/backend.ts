// The 'onednn' backend: tfjs' CPU backend (tensors stay JS typed arrays, every kernel it has still
// works) whose hot kernels are replaced by native oneDNN ones.
import type { BackendValues, DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

import { BufferPool } from './bufferPool.js';
import { checkPrecision, type Precision } from './precision.js';

export class OneDnnBackend extends MathBackendCPU {
  private readonly pool = new BufferPool();
  /** Per live output of MaxPool, its forward pass' workspace: see keepPoolWorkspace. */
  private readonly poolWorkspaces = new Map<DataId, { geometry: string; workspace: Uint8Array }>();
  private precisionSetting: Precision = 'float32';

  constructor() {
    super();
    // The cpu backend prints "install our node backend" on first use: advice for plain tfjs that
    // this backend is the answer to. Its flag is private in the typings, not at run time.
    Object.assign(this, { firstUse: false });
  }

  /** The precision of this backend's convolutions and matrix products: see setPrecision. */
  get precision(): Precision {
    return this.precisionSetting;
  }

  /**
   * Computes convolutions (but depthwise ones) and matrix products in `precision` from now on:
   * 'bfloat16' reads their inputs as bfloat16 and accumulates and writes float32 (Keras'
   * mixed_bfloat16); it throws on a CPU without native bfloat16.
   */
  setPrecision(precision: Precision): void {
    checkPrecision(precision);
    this.precisionSetting = precision;
  }

  /**
   * A buffer for a native kernel to write its output into: a disposed tensor's, or fresh. Not
   * zero-filled: native kernels write every element (the tests poison outputs to check it), and
   * zeroing every activation would cost CPU time for nothing.
   */
  allocateOutput(size: number): Float32Array {
    return this.pool.acquire(size);
  }

  /** `size` bytes from the same pool, uninitialized: native kernels' side outputs. */
  allocateBytes(size: number): Uint8Array {
    const floats = this.pool.acquire(Math.ceil(size / Float32Array.BYTES_PER_ELEMENT));
    this.pool.adopt(floats);
    return new Uint8Array(floats.buffer, floats.byteOffset, size);
  }

  /**
   * Keeps, as long as `output` of a max pooling over `geometry` lives, the workspace its forward
   * pass wrote (where each maximum was), for MaxPool's gradient, which tfjs gives that output.
   */
  keepPoolWorkspace(output: TensorInfo, geometry: string, workspace: Uint8Array): void {
    this.poolWorkspaces.set(output.dataId, { geometry, workspace });
  }

  /** The workspace kept with `output` for a pooling over `geometry`, or null. */
  poolWorkspaceOf(output: TensorInfo, geometry: string): Uint8Array | null {
    const kept = this.poolWorkspaces.get(output.dataId);
    return kept?.geometry === geometry ? kept.workspace : null;
  }

  /**
   * The float32 data of `tensor`, in place (never written to: buffers are shared between tensors
   * through Reshape and Identity), or null when it is not float32.
   */
  float32Values(tensor: TensorInfo): Float32Array | null {
    const values = this.data.get(tensor.dataId).values;
    return values instanceof Float32Array ? values : null;
  }

  /** A float32 tensor over `values` (from allocateOutput), which the backend takes ownership of. */
  float32Tensor(shape: number[], values: Float32Array): TensorInfo {
    const info = this.makeTensorInfo(shape, 'float32', values);
    this.pool.adopt(values);
    return info;
  }

  // Every way a buffer can be shared beyond its one tensor goes through these two: see BufferPool.
  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    if (ArrayBuffer.isView(values)) this.pool.escape(values);
    return super.write(values, shape, dtype);
  }

  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    if (ArrayBuffer.isView(values)) this.pool.escape(values);
    return values;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    // has() first: get() of an unknown id asks the engine to move the data here.
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values instanceof Float32Array) this.pool.release(values);
    const kept = released ? this.poolWorkspaces.get(dataId) : undefined;
    if (kept !== undefined) {
      this.poolWorkspaces.delete(dataId);
      const { buffer, byteOffset, byteLength } = kept.workspace;
      this.pool.release(new Float32Array(buffer, byteOffset, Math.ceil(byteLength / Float32Array.BYTES_PER_ELEMENT)));
    }
    return released;
  }
}
