// Every gradient this backend runs natively (see nativeGradient.ts), and those of its own kernels.
import { registerBatchNormTrainingGradient } from './batchNormTrainingGradient.js';
import { registerBiasReluGradient } from './biasReluGradient.js';
import { registerDropoutGradient } from './dropoutGradient.js';
import { registerFusedBatchNormGradient } from './fusedBatchNormGradient.js';
import { registerFusedConv2DGradient } from './fusedConv2DGradient.js';
import { registerGeluGradient } from './geluGradient.js';
import { registerMeanGradient } from './meanGradient.js';
import { registerMinMaxGradients } from './minMaxGradient.js';
import { registerUnaryGradients } from './unaryGradients.js';

/** Call once tfjs' own gradients are registered (tfjs-layers registers them when it loads). */
export function registerNativeGradients(): void {
  registerFusedBatchNormGradient();
  registerUnaryGradients();
  registerMeanGradient();
  registerMinMaxGradients();
  registerBatchNormTrainingGradient();
  registerDropoutGradient();
  registerFusedConv2DGradient();
  registerBiasReluGradient();
  registerGeluGradient();
}
