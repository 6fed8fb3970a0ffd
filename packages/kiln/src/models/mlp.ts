import * as tfl from '@tensorflow/tfjs-layers';
import { LayerNamer } from './layerNamer.js';
import * as layers from './layers/index.js';
import type { ModelContext } from './modelContext.js';
import { seededInitializers } from './seededInitializers.js';

export interface MlpOptions {
  /** Units of each hidden layer; default `[64, 64]`. */
  readonly units?: readonly number[];
  /** Dropout after each hidden layer; default 0.2 (0 for none). */
  readonly dropout?: number;
}

/**
 * A multilayer perceptron for tables: each hidden layer is Dense (no bias), BatchNormalization,
 * ReLU and Dropout, as in Keras' structured-data examples; the output is a softmax over the
 * classes, or one linear unit for regression. Not compiled.
 */
export function buildMlp(context: ModelContext, options: MlpOptions = {}): tfl.LayersModel {
  if (context.inputShape.length !== 1) {
    throw new Error(
      `mlp takes table rows (a [features] input), got input shape [${context.inputShape.join(', ')}]: use resnet for images`,
    );
  }
  const names = new LayerNamer();
  const seeds = seededInitializers(context.seed);
  const model = tfl.sequential({ name: 'mlp' });
  (options.units ?? [64, 64]).forEach((units, index) => {
    model.add(
      tfl.layers.dense({
        units,
        useBias: false,
        kernelInitializer: seeds.glorotUniform(),
        name: names.next('dense'),
        ...(index === 0 ? { inputShape: [...context.inputShape] } : {}),
      }),
    );
    model.add(layers.batchNormalization({ name: names.next('batch_normalization') }));
    model.add(layers.activation({ activation: 'relu', name: names.next('activation') }));
    const rate = options.dropout ?? 0.2;
    if (rate > 0) model.add(layers.dropout({ rate, seed: seeds.next(), name: names.next('dropout') }));
  });
  model.add(outputLayer(context, names, seeds));
  return model;
}

/** The output layer for the task: softmax over the classes, or linear units for regression. */
export function outputLayer(
  context: ModelContext,
  names: LayerNamer,
  seeds: ReturnType<typeof seededInitializers>,
): tfl.layers.Layer {
  return tfl.layers.dense({
    units: context.outputs,
    activation: context.task === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: seeds.glorotUniform(),
    name: names.next('dense'),
  });
}
