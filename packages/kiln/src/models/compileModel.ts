import type * as tfl from '@tensorflow/tfjs-layers';
import type { Task } from '../data/index.js';
import type { KerasLoss } from './kerasJson.js';
import { fuseLayers } from './fuseLayers.js';
import { createOptimizer, type OptimizerSpec } from '../optimizers/index.js';

/**
 * Compiles `model` as the chapter does: categorical crossentropy, accuracy, the given optimizer
 * (for regression: mean squared error, mean absolute error; `loss` overrides); and, as Keras'
 * compile builds the training function, fuses what runs faster fused.
 */
export function compileModel(
  model: tfl.LayersModel,
  optimizer: OptimizerSpec,
  task: Task = 'classification',
  loss?: KerasLoss,
): void {
  fuseLayers(model);
  model.compile({
    optimizer: createOptimizer(optimizer),
    loss: loss ?? (task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError'),
    metrics: [task === 'classification' ? 'accuracy' : 'mae'],
  });
}
