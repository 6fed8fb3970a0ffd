import { unaryKernel } from './elementwise.js';

/** Not a tfjs kernel: GELU(x) = x Φ(x) in one pass, where tfjs' 'gelu' activation runs Div, Erf, Add and two Muls. */
export const Gelu = 'OneDnnGelu';

export const geluConfig = unaryKernel(Gelu, 'gelu');
