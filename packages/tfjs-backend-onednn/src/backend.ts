// The 'onednn' backend: tfjs' CPU backend (tensors stay JS typed arrays, every kernel it has still
// works) whose hot kernels are replaced by native oneDNN ones.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export class OneDnnBackend extends MathBackendCPU {
  constructor() {
    super();
    // The cpu backend prints "install our node backend" on first use: advice for plain tfjs that
    // this backend is the answer to. Its flag is private in the typings, not at run time.
    Object.assign(this, { firstUse: false });
  }

  /**
   * A fresh buffer for a native kernel to write its output into. Not zero-filled: native kernels
   * write every element (the tests poison outputs to check it), and zeroing a 25 MB activation
   * cost ~2.5-35 ms of CPU here.
   */
  allocateOutput(size: number): Float32Array {
    const bytes = Buffer.allocUnsafeSlow(size * Float32Array.BYTES_PER_ELEMENT);
    return new Float32Array(bytes.buffer, bytes.byteOffset, size);
  }

  /**
   * The float32 data of `tensor`, in place (never written to: buffers are shared between tensors
   * through Reshape and Identity), or null when it is not float32.
   */
  float32Values(tensor: TensorInfo): Float32Array | null {
    const values = this.data.get(tensor.dataId).values;
    return values instanceof Float32Array ? values : null;
  }

  /** A float32 tensor over `values`, which the backend takes ownership of. */
  float32Tensor(shape: number[], values: Float32Array): TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }
}
