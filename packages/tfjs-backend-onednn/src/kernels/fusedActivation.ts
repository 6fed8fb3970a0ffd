// Fused kernels run natively only with the activations oneDNN post-ops give them here.
import type { backend_util } from '@tensorflow/tfjs-core';

/** true for ReLU, false for none, null for an activation the native kernels do not fuse. */
export function fusedReluFlag(activation: backend_util.Activation | undefined): boolean | null {
  if (activation === undefined || activation === 'linear') return false;
  return activation === 'relu' ? true : null;
}
