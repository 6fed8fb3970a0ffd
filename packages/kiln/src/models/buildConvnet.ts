import * as tfl from '@tensorflow/tfjs-layers';
import { compileModel } from './compileModel.js';
import type { ConvnetSpec } from './convnetSpec.js';
import { LayerNamer } from './layerNamer.js';
import * as layers from './layers/index.js';

export interface BuildOptions {
  /** `[height, width, channels]`; default CIFAR-10's `[32, 32, 3]`. */
  readonly inputShape?: readonly [number, number, number];
  /** Default 10. */
  readonly numClasses?: number;
  /** Seeds the weight initializers and dropout, for reproducible runs. */
  readonly seed?: number;
}

const kernelSize = 3;

/** Builds and compiles the Sequential convnet `spec` describes. */
export function buildConvnet(spec: ConvnetSpec, options: BuildOptions = {}): tfl.LayersModel {
  const inputShape = options.inputShape ?? [32, 32, 3];
  const numClasses = options.numClasses ?? 10;
  checkSpatialSize(spec, inputShape);
  const model = tfl.sequential({ name: 'sequential' });
  const names = new LayerNamer();
  // Each seeded layer gets its own seed: one shared seed would give identical kernels.
  let seedOffset = 0;
  const initializer = (): ReturnType<typeof tfl.initializers.glorotUniform> =>
    tfl.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed + seedOffset++ });
  const dropout = (rate: number | undefined): void => {
    if (!rate) return;
    const seed = options.seed === undefined ? undefined : options.seed + seedOffset++;
    model.add(layers.dropout({ rate, seed, name: names.next('dropout') }));
  };

  let first = true;
  for (const block of spec.blocks) {
    for (const filters of block.filters) {
      const common = {
        filters,
        kernelSize,
        activation: spec.batchNormalization ? undefined : ('relu' as const),
        useBias: !spec.batchNormalization,
        ...(first ? { inputShape: [...inputShape] } : {}),
      };
      first = false;
      model.add(
        spec.convolution === 'separable'
          ? layers.separableConv2d({
              ...common,
              depthwiseInitializer: initializer(),
              pointwiseInitializer: initializer(),
              name: names.next('separable_conv2d'),
            })
          : layers.conv2d({ ...common, kernelInitializer: initializer(), name: names.next('conv2d') }),
      );
      if (spec.batchNormalization) {
        model.add(layers.batchNormalization({ name: names.next('batch_normalization') }));
        model.add(layers.activation({ activation: 'relu', name: names.next('activation') }));
      }
    }
    if (block.maxPooling) model.add(layers.maxPooling2d({ poolSize: 2, name: names.next('max_pooling2d') }));
    dropout(block.dropout);
  }
  model.add(
    spec.head === 'flatten'
      ? tfl.layers.flatten({ name: names.next('flatten') })
      : tfl.layers.globalAveragePooling2d({ name: names.next('global_average_pooling2d') }),
  );
  for (const dense of spec.dense) {
    model.add(
      tfl.layers.dense({
        units: dense.units,
        activation: 'relu',
        kernelInitializer: initializer(),
        name: names.next('dense'),
      }),
    );
    dropout(dense.dropout);
  }
  model.add(
    tfl.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: initializer(),
      name: names.next('dense'),
    }),
  );
  compileModel(model, spec.optimizer);
  return model;
}

/** Fails early, with the minimum size, when valid 3x3 convolutions would shrink the input to nothing. */
function checkSpatialSize(spec: ConvnetSpec, inputShape: readonly [number, number, number]): void {
  const [height, width] = inputShape;
  let size = Math.min(height, width);
  for (const block of spec.blocks) {
    size -= block.filters.length * (kernelSize - 1);
    if (size < 1) break;
    if (block.maxPooling) size = Math.floor(size / 2);
  }
  if (size < 1) {
    throw new Error(
      `input ${height}x${width} is too small for this convnet: its unpadded 3x3 convolutions and pooling need at least ${minimumSize(spec)}x${minimumSize(spec)} pixels (use a larger-image dataset such as cifar10, or fewer blocks)`,
    );
  }
}

function minimumSize(spec: ConvnetSpec): number {
  let size = 1;
  for (const block of [...spec.blocks].reverse()) {
    if (block.maxPooling) size *= 2;
    size += block.filters.length * (kernelSize - 1);
  }
  return size;
}
