// Cutout (DeVries and Taylor, 2017; KerasCV's RandomCutout): in training each image gets one
// rectangle filled with a constant, centred anywhere in the image and clipped at its border, of a
// height and width drawn uniformly from the factors' ranges (fractions of the image's).
import * as tf from '@tensorflow/tfjs-core';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { AugmentImagesOptions, ImageAugmentation } from 'tfjs-backend-onednn';

import type { RandomGenerator } from '../../data/random.js';
import { factorRange, RandomImageLayer, type RandomImageLayerArgs } from './randomImageLayer.js';

export interface RandomCutoutArgs extends RandomImageLayerArgs {
  /** The rectangle's height as a fraction of the image's: f (exactly), or a [lower, upper] range in [0, 1]. */
  heightFactor: number | [number, number];
  widthFactor: number | [number, number];
  /** The rectangle's value (default 0). */
  fillValue?: number;
}

export class RandomCutout extends RandomImageLayer {
  static className = 'RandomCutout';
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  private readonly fillValue: number;

  constructor(args: RandomCutoutArgs) {
    super(args);
    const range = (name: string, factor: number | [number, number]): [number, number] => {
      const r = factorRange('RandomCutout', name, typeof factor === 'number' ? [factor, factor] : factor);
      if (r[0] < 0) throw new Error(`RandomCutout: ${name} must lie in [0, 1], got ${JSON.stringify(factor)}`);
      return r;
    };
    this.heightRange = range('heightFactor', args.heightFactor);
    this.widthRange = range('widthFactor', args.widthFactor);
    this.fillValue = args.fillValue ?? 0;
  }

  protected draw(random: RandomGenerator, height: number, width: number): ImageAugmentation {
    const extent = ([lower, upper]: [number, number], size: number): number =>
      uniformInt(random, Math.round(lower * size), Math.round(upper * size));
    const [boxHeight, boxWidth] = [extent(this.heightRange, height), extent(this.widthRange, width)];
    const [centreRow, centreCol] = [uniformInt(random, 0, height - 1), uniformInt(random, 0, width - 1)];
    const top = centreRow - Math.floor(boxHeight / 2);
    const left = centreCol - Math.floor(boxWidth / 2);
    return { cutout: { top, left, bottom: top + boxHeight, right: left + boxWidth } };
  }

  protected fillOptions(): AugmentImagesOptions {
    return { fillMode: 'constant', fillValue: this.fillValue };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      heightFactor: this.heightRange,
      widthFactor: this.widthRange,
      fillValue: this.fillValue,
    };
  }
}
tf.serialization.registerClass(RandomCutout);

export function randomCutout(args: RandomCutoutArgs): RandomCutout {
  return new RandomCutout(args);
}
