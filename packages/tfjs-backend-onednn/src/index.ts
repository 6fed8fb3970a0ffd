// Registers the 'onednn' tfjs backend: tfjs' 'cpu' backend with its hot kernels run natively on
// oneDNN. Importing only registers it with tfjs; the native addon, and the process-wide settings
// that come with it, load when the backend is set up (setupOneDnn(), or tfjs initializing it).
import { copyRegisteredKernels, registerBackend } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { OneDnnBackend } from './backend.js';
import { registerNativeGradients } from './gradients/registerNativeGradients.js';
import { BACKEND_NAME } from './kernels/nativeKernel.js';
import { isOneDnnAvailable } from './native.js';
import { registerAllKernels } from './registerAllKernels.js';

export { OneDnnBackend } from './backend.js';
export { BACKEND_NAME } from './kernels/nativeKernel.js';
export { isOneDnnAvailable, nativeAddon, setupOneDnn } from './native.js';
export { getPrecision, setPrecision } from './backendPrecision.js';
export { supportsBfloat16, type Precision } from './precision.js';
export {
  augmentImages,
  hasAugmentImages,
  type AugmentImagesOptions,
  type ImageAugmentation,
} from './ops/augmentImages.js';
export { batchNormTraining, hasBatchNormTraining } from './ops/batchNormTraining.js';
export type { BatchNormActivation } from './kernels/BatchNormTraining.js';
export { biasRelu, hasBiasRelu } from './ops/biasRelu.js';
export { conv2dWithBias, hasConv2dWithBias, type Conv2dWithBiasOptions } from './ops/conv2dWithBias.js';
export { dropout, hasDropout } from './ops/dropout.js';
export { gelu, hasGelu } from './ops/gelu.js';
export { hasRmspropUpdate, rmspropUpdate } from './ops/rmspropUpdate.js';
export { hasSgdMomentumUpdate, sgdMomentumUpdate, type SgdMomentumUpdateOptions } from './ops/sgdMomentumUpdate.js';
export type { Availability, NativeAddon, OneDnnSetupOptions } from './native.js';

/** Above 'cpu' (priority 1), so tfjs picks onednn by default once it is registered. */
const PRIORITY = 3;

copyRegisteredKernels('cpu', BACKEND_NAME);
registerAllKernels();
registerBackend(
  BACKEND_NAME,
  () => {
    // tfjs reports a throwing factory as a backend that failed to initialize, and falls back to another.
    const { available, reason } = isOneDnnAvailable();
    if (!available) throw new Error(`tfjs-backend-onednn: ${reason}`);
    // Late, so tfjs' own gradients (registered when tfjs-layers loads) are there to replace.
    registerNativeGradients();
    return new OneDnnBackend();
  },
  PRIORITY,
);
