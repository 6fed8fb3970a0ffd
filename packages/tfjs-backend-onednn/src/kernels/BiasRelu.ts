import { binaryKernel } from './elementwise.js';

/**
 * Not a tfjs kernel: relu(a + b) in one pass, where tfjs runs Add then Relu. For a bias: b is 1-D,
 * one value per channel (a's last dim), as the gradient (ReluBiasGrad) assumes.
 */
export const BiasRelu = 'OneDnnBiasRelu';

export const biasReluConfig = binaryKernel(BiasRelu, 'addRelu', false);
