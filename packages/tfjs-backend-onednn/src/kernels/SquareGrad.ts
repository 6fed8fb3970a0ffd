import { unaryGradKernel } from './unaryGrad.js';

/** Square's gradient dy * 2x, where tfjs runs two Multiplies. */
export const SquareGrad = 'OneDnnSquareGrad';

export const squareGradConfig = unaryGradKernel(SquareGrad, 'square');
