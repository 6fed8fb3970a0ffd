import { unaryGradKernel } from './unaryGrad.js';

/** ReLU's gradient dy * step(x), where tfjs runs Step then Multiply. */
export const ReluGrad = 'OneDnnReluGrad';

export const reluGradConfig = unaryGradKernel(ReluGrad, 'relu');
