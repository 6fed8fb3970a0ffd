// Every native kernel, registered for the 'onednn' backend over the copies of tfjs' 'cpu' kernels.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { absConfig } from './kernels/Abs.js';
import { addConfig } from './kernels/Add.js';
import { fusedMatMulConfig } from './kernels/_FusedMatMul.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { depthwiseConv2dNativeConfig } from './kernels/DepthwiseConv2dNative.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/DepthwiseConv2dNativeBackpropInput.js';
import { eluConfig } from './kernels/Elu.js';
import { expConfig } from './kernels/Exp.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { floorConfig } from './kernels/Floor.js';
import { batchNormTrainingConfig } from './kernels/BatchNormTraining.js';
import { batchNormTrainingGradConfig } from './kernels/BatchNormTrainingGrad.js';
import { biasReluConfig } from './kernels/BiasRelu.js';
import { dropoutConfig } from './kernels/Dropout.js';
import { augmentImagesConfig } from './kernels/AugmentImages.js';
import { geluConfig } from './kernels/Gelu.js';
import { geluGradConfig } from './kernels/GeluGrad.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { fusedBatchNormGradConfig } from './kernels/FusedBatchNormGrad.js';
import { fusedDepthwiseConv2DConfig } from './kernels/FusedDepthwiseConv2D.js';
import { leakyReluConfig } from './kernels/LeakyRelu.js';
import { logConfig } from './kernels/Log.js';
import { maxConfig } from './kernels/Max.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { maximumConfig } from './kernels/Maximum.js';
import { meanConfig } from './kernels/Mean.js';
import { meanGradConfig } from './kernels/MeanGrad.js';
import { minMaxGradConfig } from './kernels/MinMaxGrad.js';
import { minConfig } from './kernels/Min.js';
import { minimumConfig } from './kernels/Minimum.js';
import { multiplyConfig } from './kernels/Multiply.js';
import { negConfig } from './kernels/Neg.js';
import { realDivConfig } from './kernels/RealDiv.js';
import { reluConfig } from './kernels/Relu.js';
import { reluBiasGradConfig } from './kernels/ReluBiasGrad.js';
import { reluGradConfig } from './kernels/ReluGrad.js';
import { rmspropUpdateConfig } from './kernels/RmspropUpdate.js';
import { sgdMomentumUpdateConfig } from './kernels/SgdMomentumUpdate.js';
import { rsqrtConfig } from './kernels/Rsqrt.js';
import { sigmoidConfig } from './kernels/Sigmoid.js';
import { softmaxConfig } from './kernels/Softmax.js';
import { sqrtConfig } from './kernels/Sqrt.js';
import { squareConfig } from './kernels/Square.js';
import { squareGradConfig } from './kernels/SquareGrad.js';
import { stepConfig } from './kernels/Step.js';
import { subConfig } from './kernels/Sub.js';
import { sumConfig } from './kernels/Sum.js';
import { tanhConfig } from './kernels/Tanh.js';
import { tileConfig } from './kernels/Tile.js';

export const nativeKernelConfigs: readonly KernelConfig[] = [
  conv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  fusedConv2DConfig,
  fusedDepthwiseConv2DConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  addConfig,
  subConfig,
  multiplyConfig,
  realDivConfig,
  maximumConfig,
  minimumConfig,
  reluConfig,
  leakyReluConfig,
  eluConfig,
  sigmoidConfig,
  tanhConfig,
  expConfig,
  logConfig,
  sqrtConfig,
  rsqrtConfig,
  squareConfig,
  absConfig,
  negConfig,
  stepConfig,
  softmaxConfig,
  sumConfig,
  meanConfig,
  maxConfig,
  minConfig,
  tileConfig,
  fusedBatchNormConfig,
  fusedBatchNormGradConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  dropoutConfig,
  augmentImagesConfig,
  geluConfig,
  geluGradConfig,
  rmspropUpdateConfig,
  sgdMomentumUpdateConfig,
  biasReluConfig,
  reluBiasGradConfig,
  reluGradConfig,
  meanGradConfig,
  minMaxGradConfig,
  squareGradConfig,
  floorConfig,
];

/** Registers the native kernels, replacing those already registered under the same name. */
export function registerAllKernels(): void {
  for (const config of nativeKernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) !== undefined)
      unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
}
