// The native matrix product BatchMatMul and _FusedMatMul run through.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from '../backend.js';
import { nativeAddon } from '../native.js';

/**
 * relu?(a b + bias?) over the leading (batch) dimensions, either operand transposed; null when an
 * input is not float32, the bias is not one value per output column, or the batch dimensions
 * broadcast other than one operand having a single matrix.
 */
export function matMul(
  backend: OneDnnBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias: TensorInfo | undefined,
  relu: boolean,
): TensorInfo | null {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const m = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const k = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const n = transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  const outOuter = backend_util.assertAndGetBroadcastShape(aOuter, bOuter);
  const batchA = util.sizeFromShape(aOuter);
  const batchB = util.sizeFromShape(bOuter);
  const batch = util.sizeFromShape(outOuter);
  if (batch !== Math.max(batchA, batchB) || (batchA !== batchB && Math.min(batchA, batchB) !== 1)) return null;
  // An empty inner dimension gives zeros, which oneDNN is not asked to write.
  if (k === 0) return null;
  const aValues = backend.float32Values(a);
  const bValues = backend.float32Values(b);
  const biasValues = bias === undefined ? null : backend.float32Values(bias);
  if (aValues === null || bValues === null) return null;
  if (bias !== undefined && (biasValues === null || biasValues.length !== n)) return null;
  const outShape = [...outOuter, m, n];
  const out = backend.allocateOutput(batch * m * n);
  nativeAddon().matmul(
    aValues,
    bValues,
    biasValues,
    out,
    [batchA, batchB, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0],
    relu,
    backend.precision === 'bfloat16',
  );
  return backend.float32Tensor(outShape, out);
}
