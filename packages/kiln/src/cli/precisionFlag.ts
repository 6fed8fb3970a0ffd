// `kiln train --precision fp32|bf16|auto`: the mixed-precision policy of the run.
import { Option } from 'commander';

import { setGlobalPolicy, supportsMixedBfloat16, type PolicyName } from '../backend/mixedPrecision.js';

export const precisionChoices = ['fp32', 'bf16', 'auto'] as const;
export type PrecisionFlag = (typeof precisionChoices)[number];

export function precisionOption(): Option {
  return new Option(
    '--precision <mode>',
    "compute convolutions and matrix products in fp32, or bf16 (Keras' mixed_bfloat16: bfloat16 compute, float32 weights; needs the onednn backend on a CPU with AVX512_BF16 or AMX), or auto (bf16 where it runs, else fp32)",
  )
    .choices(precisionChoices)
    .default('fp32');
}

/** Sets the policy `flag` asks for on the backend in use, and returns it; throws when bf16 cannot run here. */
export function applyPrecisionFlag(flag: PrecisionFlag): PolicyName {
  const name: PolicyName =
    flag === 'bf16' || (flag === 'auto' && supportsMixedBfloat16()) ? 'mixed_bfloat16' : 'float32';
  setGlobalPolicy(name);
  return name;
}
