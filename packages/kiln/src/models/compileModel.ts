import type * as tfl from '@tensorflow/tfjs-layers';
import { fuseBatchNormRelu } from './fuseBatchNormRelu.js';
import { createOptimizer, type OptimizerSpec } from './optimizers.js';

/**
 * Compiles `model` as the chapter does: categorical crossentropy, accuracy, the given optimizer;
 * and, as Keras' compile builds the training function, fuses what runs faster fused.
 */
export function compileModel(model: tfl.LayersModel, optimizer: OptimizerSpec): void {
  fuseBatchNormRelu(model);
  model.compile({ optimizer: createOptimizer(optimizer), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}
