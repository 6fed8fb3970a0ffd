import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, BatchMatMulInputs } from '@tensorflow/tfjs-core';

import { matMul } from './matmul.js';
import { nativeKernel } from './nativeKernel.js';

export const batchMatMulConfig = nativeKernel<BatchMatMulInputs, BatchMatMulAttrs>(
  BatchMatMul,
  ({ inputs, backend, attrs }) => {
    const { a, b } = inputs;
    if (a === undefined || b === undefined) return null;
    return matMul(backend, a, b, attrs.transposeA, attrs.transposeB, undefined, false);
  },
);
