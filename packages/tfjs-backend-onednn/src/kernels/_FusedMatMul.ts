import { _FusedMatMul } from '@tensorflow/tfjs-core';
import type { _FusedMatMulAttrs, _FusedMatMulInputs } from '@tensorflow/tfjs-core';

import { fusedReluFlag } from './fusedActivation.js';
import { matMul } from './matmul.js';
import { nativeKernel } from './nativeKernel.js';

export const fusedMatMulConfig = nativeKernel<_FusedMatMulInputs, _FusedMatMulAttrs>(
  _FusedMatMul,
  ({ inputs, backend, attrs }) => {
    const { a, b, bias } = inputs;
    const relu = fusedReluFlag(attrs.activation);
    if (relu === null) return null;
    return matMul(backend, a, b, attrs.transposeA, attrs.transposeB, bias, relu);
  },
);
