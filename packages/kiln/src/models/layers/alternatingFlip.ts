// airbench's alternating flip: in training, the first time the layer sees an image it mirrors it
// or not at random (as RandomFlip), and from then on it alternates, so each image is seen mirrored
// on every other epoch: over any two epochs the network sees both views of every image, where
// independent coin flips show a quarter of the images the same view twice in a row. At inference
// the input passes unchanged.
import * as tf from '@tensorflow/tfjs-core';
import type { ImageAugmentation } from 'tfjs-backend-onednn';

import type { RandomGenerator } from '../../data/random.js';
import { RandomFlip, type RandomFlipArgs } from './randomFlip.js';

export type AlternatingFlipArgs = RandomFlipArgs;

/**
 * Knows an image again by a hash of its pixels (the batches come shuffled, with no index), so it
 * must see them as they are in the data set: put it first, before any other random layer. The
 * memory is a number per distinct image seen.
 */
export class AlternatingFlip extends RandomFlip {
  static override className = 'AlternatingFlip';

  /** Whether each image seen (by its pixels' hash) is mirrored the next time. */
  private readonly flipNext = new Map<number, boolean>();

  protected override drawBatch(images: tf.Tensor4D, random: RandomGenerator): ImageAugmentation[] {
    const [n, height, width, channels] = images.shape;
    const size = height * width * channels;
    const values = images.dataSync() as Float32Array | Int32Array;
    const pixels = new Uint32Array(values.buffer, values.byteOffset, values.length);
    return Array.from({ length: n }, (_, i) => {
      const key = pixelHash(pixels, i * size, size);
      const flip = this.flipNext.get(key) ?? this.draw(random).flip!;
      this.flipNext.set(key, !flip);
      return { flip };
    });
  }
}
tf.serialization.registerClass(AlternatingFlip);

/** Two 32-bit FNV-1a-style hashes of the values' bits folded into one 53-bit number (collisions negligible). */
function pixelHash(bits: Uint32Array, start: number, length: number): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = start; i < start + length; i++) {
    a = Math.imul(a ^ bits[i]!, 0x01000193);
    b = Math.imul(b ^ bits[i]!, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2 ** 21 + (b >>> 11);
}

export function alternatingFlip(args: AlternatingFlipArgs = {}): AlternatingFlip {
  return new AlternatingFlip(args);
}
