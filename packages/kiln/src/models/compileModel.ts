import type * as tfl from '@tensorflow/tfjs-layers';
import { fuseLayers } from './fuseLayers.js';
import { createOptimizer, type OptimizerSpec } from '../optimizers/index.js';

/**
 * Compiles `model` as the chapter does: categorical crossentropy, accuracy, the given optimizer;
 * and, as Keras' compile builds the training function, fuses what runs faster fused.
 */
export function compileModel(model: tfl.LayersModel, optimizer: OptimizerSpec): void {
  fuseLayers(model);
  model.compile({ optimizer: createOptimizer(optimizer), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}
