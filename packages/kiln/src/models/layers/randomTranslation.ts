// Keras' RandomTranslation, by whole pixels: in training each image moves by a number of rows and
// of columns drawn uniformly from the factors' ranges (fractions of the height and width), the
// uncovered border filled by reflection (Keras' default) or a constant. The speed-run recipes'
// "pad by 2 and crop at random" is heightFactor = widthFactor = 2 / 32 with 'reflect'.
import * as tf from '@tensorflow/tfjs-core';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { AugmentImagesOptions, ImageAugmentation } from 'tfjs-backend-onednn';

import type { RandomGenerator } from '../../data/random.js';
import { factorRange, RandomImageLayer, type RandomImageLayerArgs } from './randomImageLayer.js';

export interface RandomTranslationArgs extends RandomImageLayerArgs {
  /** A fraction f of the height (shifts in [-f, f]), or a [lower, upper] pair; negative moves up. */
  heightFactor: number | [number, number];
  /** The same for the width; negative moves left. */
  widthFactor: number | [number, number];
  fillMode?: 'reflect' | 'constant';
  /** The constant fill mode's value (default 0). */
  fillValue?: number;
}

export class RandomTranslation extends RandomImageLayer {
  static className = 'RandomTranslation';
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  private readonly fillMode: 'reflect' | 'constant';
  private readonly fillValue: number;

  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightRange = factorRange('RandomTranslation', 'heightFactor', args.heightFactor);
    this.widthRange = factorRange('RandomTranslation', 'widthFactor', args.widthFactor);
    this.fillMode = args.fillMode ?? 'reflect';
    if (this.fillMode !== 'reflect' && this.fillMode !== 'constant') {
      throw new Error(`RandomTranslation: fillMode must be 'reflect' or 'constant', got '${String(args.fillMode)}'`);
    }
    this.fillValue = args.fillValue ?? 0;
  }

  protected draw(random: RandomGenerator, height: number, width: number): ImageAugmentation {
    const shift = ([lower, upper]: [number, number], size: number): number =>
      uniformInt(random, Math.round(lower * size), Math.round(upper * size));
    return { shiftRows: shift(this.heightRange, height), shiftCols: shift(this.widthRange, width) };
  }

  protected fillOptions(): AugmentImagesOptions {
    return { fillMode: this.fillMode, fillValue: this.fillValue };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      heightFactor: this.heightRange,
      widthFactor: this.widthRange,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
    };
  }
}
tf.serialization.registerClass(RandomTranslation);

export function randomTranslation(args: RandomTranslationArgs): RandomTranslation {
  return new RandomTranslation(args);
}
