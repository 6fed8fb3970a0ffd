// Plain-JS image transforms (nested arrays, no tfjs) that the augmentation layers' outputs are checked against.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export type Image = number[][][]; // [row][col][channel]

/** A batch of distinct values, so that any two different transforms of an image differ. */
export function distinctImages(n: number, h: number, w: number, c: number): tf.Tensor4D {
  return tf.tensor4d(
    Float32Array.from({ length: n * h * w * c }, (_, i) => i + 1),
    [n, h, w, c],
  );
}

export function mirror(image: Image): Image {
  return image.map((row) => [...row].reverse());
}

/** image moved down by dr rows and right by dc columns, uncovered pixels from Keras' 'reflect' or a constant. */
export function shifted(image: Image, dr: number, dc: number, fill: 'reflect' | number): Image {
  const h = image.length,
    w = image[0]!.length;
  const reflect = (i: number, size: number): number => (i < 0 ? -i - 1 : i >= size ? 2 * size - 1 - i : i);
  return image.map((row, r) =>
    row.map((px, q) => {
      const [sr, sq] = [r - dr, q - dc];
      if (sr >= 0 && sr < h && sq >= 0 && sq < w) return [...image[sr]![sq]!];
      return fill === 'reflect' ? [...image[reflect(sr, h)]![reflect(sq, w)]!] : px.map(() => fill);
    }),
  );
}

/** The layer's training-mode output on x, as nested arrays. */
export function trainingOutput(layer: tfl.layers.Layer, x: tf.Tensor): Image[] {
  return tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor4D).arraySync());
}

export const same = (a: Image, b: Image): boolean => JSON.stringify(a) === JSON.stringify(b);
