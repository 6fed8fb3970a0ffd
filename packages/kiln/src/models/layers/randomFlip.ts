// Keras' RandomFlip ('horizontal' mode): in training each image is mirrored left to right with
// probability one half; at inference the input passes unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { AugmentImagesOptions, ImageAugmentation } from 'tfjs-backend-onednn';

import type { RandomGenerator } from '../../data/random.js';
import { RandomImageLayer, type RandomImageLayerArgs } from './randomImageLayer.js';

export interface RandomFlipArgs extends RandomImageLayerArgs {
  /** Only 'horizontal' (Keras' default 'horizontal_and_vertical' makes no sense for natural images, and is not built). */
  mode?: 'horizontal';
}

export class RandomFlip extends RandomImageLayer {
  static className = 'RandomFlip';

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    if (args.mode !== undefined && args.mode !== 'horizontal') {
      throw new Error(`RandomFlip: mode '${String(args.mode)}' is not supported: use 'horizontal'`);
    }
  }

  protected draw(random: RandomGenerator): ImageAugmentation {
    return { flip: uniformInt(random, 0, 1) === 1 };
  }

  protected fillOptions(): AugmentImagesOptions {
    return {};
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: 'horizontal' };
  }
}
tf.serialization.registerClass(RandomFlip);

export function randomFlip(args: RandomFlipArgs = {}): RandomFlip {
  return new RandomFlip(args);
}
