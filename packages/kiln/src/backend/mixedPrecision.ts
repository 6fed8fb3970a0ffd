// kiln.mixedPrecision, as keras.mixed_precision: a global policy of the dtype layers compute in.
// 'mixed_bfloat16' computes convolutions and matrix products (forward and backward) in bfloat16
// on the 'onednn' backend, accumulating in float32, while weights (the master copy the optimizer
// updates), tensors between layers, reductions, batch normalization and softmax stay float32.
// The policy is the backend's own setting (tfjs-backend-onednn's setPrecision), not a copy here.
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAME, getPrecision, setPrecision, supportsBfloat16 } from 'tfjs-backend-onednn';

export const policyNames = ['float32', 'mixed_bfloat16'] as const;
export type PolicyName = (typeof policyNames)[number];

/** Keras' Policy: the dtype layers compute in and the dtype of their weights. */
export interface Policy {
  readonly name: PolicyName;
  readonly computeDtype: 'float32' | 'bfloat16';
  readonly variableDtype: 'float32';
}

function policy(name: PolicyName): Policy {
  return { name, computeDtype: name === 'mixed_bfloat16' ? 'bfloat16' : 'float32', variableDtype: 'float32' };
}

/**
 * Sets the policy of every layer from now on, on the backend in use (`setupBackend()` first).
 * 'mixed_bfloat16' needs the 'onednn' backend and a CPU with native bfloat16 (AVX512_BF16 or AMX;
 * see `supportsMixedBfloat16()`), and throws otherwise rather than run slower than float32.
 */
export function setGlobalPolicy(name: PolicyName): void {
  if (!policyNames.includes(name)) {
    const hint = (name as string) === 'mixed_float16' ? ' (float16 has no fast path on a CPU)' : '';
    throw new Error(
      `unknown mixed-precision policy ${JSON.stringify(name)}${hint}; use one of ${policyNames.map((p) => `'${p}'`).join(', ')}`,
    );
  }
  if (tf.getBackend() !== BACKEND_NAME) {
    if (name === 'float32') return;
    throw new Error(
      `the 'mixed_bfloat16' policy needs the '${BACKEND_NAME}' backend, but '${tf.getBackend()}' is in use; call setupBackend('${BACKEND_NAME}') first`,
    );
  }
  setPrecision(name === 'mixed_bfloat16' ? 'bfloat16' : 'float32');
}

/** The policy in force: 'mixed_bfloat16' when the backend in use computes in bfloat16, else 'float32'. */
export function globalPolicy(): Policy {
  return policy(tf.getBackend() === BACKEND_NAME && getPrecision() === 'bfloat16' ? 'mixed_bfloat16' : 'float32');
}

/** Whether 'mixed_bfloat16' runs here: the 'onednn' backend in use, on a CPU with native bfloat16. */
export function supportsMixedBfloat16(): boolean {
  return tf.getBackend() === BACKEND_NAME && supportsBfloat16();
}
