// The precision the backend's convolutions and matrix products compute in. 'bfloat16' is mixed
// precision as Keras' mixed_bfloat16 policy has it: those kernels read their float32 inputs as
// bfloat16 and accumulate and write float32, while tensors, weights and every other kernel
// (reductions, batch normalization, softmax, optimizers) stay float32.
import { nativeAddon } from './native.js';

export type Precision = 'float32' | 'bfloat16';

const precisions: readonly Precision[] = ['float32', 'bfloat16'];

/** Whether this CPU computes bfloat16 natively (AVX512_BF16 or AMX), which 'bfloat16' requires. */
export function supportsBfloat16(): boolean {
  return nativeAddon().info().bf16;
}

/** Throws unless `precision` is one the backend computes in here, saying what was received and what to do. */
export function checkPrecision(precision: unknown): asserts precision is Precision {
  if (!precisions.includes(precision as Precision)) {
    throw new Error(
      `tfjs-backend-onednn: unknown precision ${JSON.stringify(precision)}; use one of ${precisions.map((p) => `'${p}'`).join(', ')}`,
    );
  }
  if (precision === 'bfloat16' && !supportsBfloat16()) {
    throw new Error(
      "tfjs-backend-onednn: precision 'bfloat16' needs a CPU with AVX512_BF16 or AMX, which this one lacks " +
        "(oneDNN would emulate it, slower than float32); use 'float32'",
    );
  }
}
