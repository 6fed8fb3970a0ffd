import * as tfl from '@tensorflow/tfjs-layers';
import { LayerNamer } from './layerNamer.js';
import * as layers from './layers/index.js';
import type { ModelContext } from './modelContext.js';
import { outputLayer } from './mlp.js';
import { seededInitializers } from './seededInitializers.js';

export interface ResnetOptions {
  /** Filters of each stage (a residual block each; stages after the first start by halving the size); default `[32, 64, 128]`. */
  readonly filters?: readonly number[];
  /** Dropout before the classifier; default 0.25. */
  readonly dropout?: number;
}

/**
 * A small residual convnet (He et al.'s basic block, as Keras' residual examples build it with the
 * functional API): a 3x3 stem, then per stage a block `conv-BN-ReLU-conv-BN`, `add`ed to its
 * input (through a 1x1 convolution where the filters change), then ReLU; global average pooling,
 * dropout and the output layer. Same padding, so any image of 4x4 pixels or more fits. Not compiled.
 */
export function buildResnet(context: ModelContext, options: ResnetOptions = {}): tfl.LayersModel {
  if (context.inputShape.length !== 3) {
    throw new Error(
      `resnet takes images ([height, width, channels]), got input shape [${context.inputShape.join(', ')}]: use mlp for tables`,
    );
  }
  const names = new LayerNamer();
  const seeds = seededInitializers(context.seed);
  const conv = (x: tfl.SymbolicTensor, filters: number, kernelSize: number): tfl.SymbolicTensor =>
    layers
      .conv2d({
        filters,
        kernelSize,
        padding: 'same',
        useBias: false,
        kernelInitializer: seeds.heNormal(),
        name: names.next('conv2d'),
      })
      .apply(x) as tfl.SymbolicTensor;
  const norm = (x: tfl.SymbolicTensor): tfl.SymbolicTensor =>
    layers.batchNormalization({ name: names.next('batch_normalization') }).apply(x) as tfl.SymbolicTensor;
  const relu = (x: tfl.SymbolicTensor): tfl.SymbolicTensor =>
    layers.activation({ activation: 'relu', name: names.next('activation') }).apply(x) as tfl.SymbolicTensor;

  const input = tfl.input({ shape: [...context.inputShape], name: 'input' });
  const stages = options.filters ?? [32, 64, 128];
  let x = relu(norm(conv(input, stages[0]!, 3)));
  let channels = stages[0]!;
  stages.forEach((filters, stage) => {
    if (stage > 0)
      x = layers
        .maxPooling2d({ poolSize: 2, padding: 'same', name: names.next('max_pooling2d') })
        .apply(x) as tfl.SymbolicTensor;
    const shortcut = filters === channels ? x : norm(conv(x, filters, 1));
    const residual = norm(conv(relu(norm(conv(x, filters, 3))), filters, 3));
    x = relu(tfl.layers.add({ name: names.next('add') }).apply([shortcut, residual]) as tfl.SymbolicTensor);
    channels = filters;
  });
  x = tfl.layers
    .globalAveragePooling2d({ name: names.next('global_average_pooling2d') })
    .apply(x) as tfl.SymbolicTensor;
  const rate = options.dropout ?? 0.25;
  if (rate > 0)
    x = layers.dropout({ rate, seed: seeds.next(), name: names.next('dropout') }).apply(x) as tfl.SymbolicTensor;
  const output = outputLayer(context, names, seeds).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'resnet' });
}
