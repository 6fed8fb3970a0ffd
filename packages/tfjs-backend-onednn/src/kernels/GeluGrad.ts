import { unaryGradKernel } from './unaryGrad.js';

/** Not a tfjs kernel: GELU's gradient dy (Φ(x) + x φ(x)) in one pass. */
export const GeluGrad = 'OneDnnGeluGrad';

export const geluGradConfig = unaryGradKernel(GeluGrad, 'gelu');
