import * as tfl from '@tensorflow/tfjs-layers';

import { randomCutout, randomFlip, randomTranslation } from './layers/index.js';

/** Which of Kiln's augmentation layers to put in front of a model (`--augment flip,translate=2,cutout=8`). */
export interface Augmentation {
  /** Mirror left-right at random (Keras' RandomFlip('horizontal')). */
  readonly flip?: boolean;
  /** Translate by up to this many whole pixels each way, reflect-padded. */
  readonly translate?: number;
  /** Blank a square of this many pixels a side, anywhere in the image (0: a quarter of the image's side). */
  readonly cutout?: number;
}

/**
 * `model` behind the augmentation layers `augmentation` names (flip, then translate, then cut-out;
 * active only in training), as one model compiled with the model's own optimizer, loss and metrics,
 * which it takes over (dispose the returned model's, not `model`'s). The model is nested as a layer,
 * so its own layers, fusions and saved form stay as they were.
 */
export function withAugmentation(model: tfl.LayersModel, augmentation: Augmentation, seed?: number): tfl.LayersModel {
  const shape = model.inputs[0]?.shape.slice(1);
  if (model.inputs.length !== 1 || shape?.length !== 3 || shape.some((size) => size === null))
    throw new Error(
      `augmentation needs a model of one image input [height, width, channels], got ${JSON.stringify(model.inputs.map((input) => input.shape))}`,
    );
  const [height, width] = shape as number[];
  const seeded = (offset: number): { seed?: number } => (seed === undefined ? {} : { seed: seed + offset });
  const side = Math.min(height!, width!);
  const pixels = (name: string, value: number, most: number): number => {
    if (!(Number.isInteger(value) && value >= 1 && value <= most))
      throw new Error(
        `${name} must be a whole number of pixels from 1 to ${most} for ${height}x${width} images, got ${value}`,
      );
    return value;
  };
  const cutout = augmentation.cutout === 0 ? Math.max(1, Math.round(side / 4)) : augmentation.cutout;
  const layers: tfl.layers.Layer[] = [
    ...(augmentation.flip ? [randomFlip({ ...seeded(101) })] : []),
    ...(augmentation.translate === undefined
      ? []
      : [
          randomTranslation({
            heightFactor: pixels('translate', augmentation.translate, Math.ceil(side / 2) - 1) / height!,
            widthFactor: augmentation.translate / width!,
            fillMode: 'reflect',
            ...seeded(102),
          }),
        ]),
    ...(cutout === undefined
      ? []
      : [
          randomCutout({
            heightFactor: pixels('cutout', cutout, side) / height!,
            widthFactor: cutout / width!,
            ...seeded(103),
          }),
        ]),
  ];
  const input = tfl.input({ shape: shape as number[] });
  const augmented = layers.reduce<tfl.SymbolicTensor>((x, layer) => layer.apply(x) as tfl.SymbolicTensor, input);
  const wrapped = tfl.model({
    inputs: input,
    outputs: model.apply(augmented) as tfl.SymbolicTensor,
    name: `${model.name}_augmented`,
  });
  wrapped.compile({ optimizer: model.optimizer, loss: model.loss, metrics: model.metrics });
  return wrapped;
}
