// What Keras' random image preprocessing layers share: in training, a per-image transform drawn from
// the layer's seeded stream and applied to the batch in one pass (natively on onednn); at inference
// (and in evaluate and predict) the input unchanged. Nothing is stored: each step draws anew, so
// the data set is never copied.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { augmentImages, type AugmentImagesOptions, type ImageAugmentation } from 'tfjs-backend-onednn';

import { seededGenerator, type RandomGenerator } from '../../data/random.js';

export interface RandomImageLayerArgs extends LayerArgs {
  /** Seeds the layer's stream of transforms (default: a random seed). */
  seed?: number;
}

export abstract class RandomImageLayer extends tfl.layers.Layer {
  protected readonly seed: number | undefined;
  private readonly random: RandomGenerator;

  constructor(args: RandomImageLayerArgs) {
    super(args);
    if (args.seed !== undefined && !Number.isInteger(args.seed)) {
      throw new Error(`${new.target.name}: seed must be an integer, got ${args.seed}`);
    }
    this.seed = args.seed;
    this.random = seededGenerator(args.seed ?? Math.floor(Math.random() * 2 ** 31));
  }

  /** The transform of one image of a batch of images of `height` x `width`, drawn from `random`. */
  protected abstract draw(random: RandomGenerator, height: number, width: number): ImageAugmentation;

  /** The transforms of a batch's images: one draw each (a layer whose transform depends on the image overrides this). */
  protected drawBatch(images: tf.Tensor4D, random: RandomGenerator): ImageAugmentation[] {
    const [n, height, width] = images.shape;
    return Array.from({ length: n }, () => this.draw(random, height, width));
  }

  /** How uncovered pixels are filled. */
  protected abstract fillOptions(): AugmentImagesOptions;

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    // A new tensor on the same data: the model may dispose the previous layer's output on its own.
    if (kwargs['training'] !== true) return tf.clone(input);
    this.invokeCallHook(inputs, kwargs);
    if (input.rank !== 4) {
      throw new Error(
        `${this.getClassName()} expects a batch of images [n, height, width, channels], got [${input.shape.join(', ')}]`,
      );
    }
    const perImage = this.drawBatch(input as tf.Tensor4D, this.random);
    return tf.tidy(() => augmentImages(tf.cast(input, 'float32') as tf.Tensor4D, perImage, this.fillOptions()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

/** Keras' factor: a number f meaning [-f, f], or a [lower, upper] pair; checked to lie in [-1, 1]. */
export function factorRange(layer: string, name: string, factor: number | [number, number]): [number, number] {
  const [lower, upper] = typeof factor === 'number' ? [-Math.abs(factor), Math.abs(factor)] : factor;
  if (!(lower >= -1 && upper <= 1 && lower <= upper)) {
    throw new Error(
      `${layer}: ${name} must be a number in [-1, 1] or a pair lower <= upper within it, got ${JSON.stringify(factor)}`,
    );
  }
  return [lower, upper];
}
