import type * as tfl from '@tensorflow/tfjs-layers';
import { buildConvnet, type BuildOptions } from './buildConvnet.js';
import type { ConvnetSpec } from './convnetSpec.js';

/** The chapter's depthwise separable convnet (7.3.1). */
const separable: ConvnetSpec = {
  convolution: 'separable',
  blocks: [
    { filters: [32, 64], maxPooling: true },
    { filters: [64, 128], maxPooling: true },
    { filters: [64, 128], maxPooling: false },
  ],
  batchNormalization: false,
  head: 'globalAveragePooling',
  dense: [{ units: 32 }],
  optimizer: { name: 'rmsprop' },
};

/** The chapter's "simple ConvNet" (Keras' mnist_cnn example). */
const regular: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [32, 64], maxPooling: true, dropout: 0.25 }],
  batchNormalization: false,
  head: 'flatten',
  dense: [{ units: 128, dropout: 0.5 }],
  optimizer: { name: 'rmsprop' },
};

/** The named models `buildModel` and the CLI know. */
export const modelSpecs: Readonly<Record<string, ConvnetSpec>> = {
  separable,
  regular,
  // Keras 2.2, which the chapter ran, used Adadelta's intended learning rate of 1.0; tf.keras 2+
  // defaults to 0.001, with which this model barely learns in 12 epochs. So set it explicitly.
  'regular-adadelta': { ...regular, optimizer: { name: 'adadelta', learningRate: 1.0 } },
  'separable-bn': { ...separable, batchNormalization: true },
  'regular-bn': { ...regular, batchNormalization: true },
};

export const modelNames: readonly string[] = Object.keys(modelSpecs);

/** The spec of a named model; unknown names get an error listing the known ones. */
export function getModelSpec(name: string): ConvnetSpec {
  const spec = Object.hasOwn(modelSpecs, name) ? modelSpecs[name] : undefined;
  if (spec === undefined) throw new Error(`unknown model '${name}': use one of ${modelNames.join(', ')}`);
  return spec;
}

/** Builds and compiles a named model, e.g. `buildModel('separable', { seed: 1 })`. */
export function buildModel(name: string, options: BuildOptions = {}): tfl.LayersModel {
  return buildConvnet(getModelSpec(name), options);
}
