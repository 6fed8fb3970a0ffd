import type * as tfl from '@tensorflow/tfjs-layers';
import { createOptimizer, type OptimizerSpec } from './optimizers.js';

/** Compiles `model` as the chapter does: categorical crossentropy, accuracy, the given optimizer. */
export function compileModel(model: tfl.LayersModel, optimizer: OptimizerSpec): void {
  model.compile({ optimizer: createOptimizer(optimizer), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}
