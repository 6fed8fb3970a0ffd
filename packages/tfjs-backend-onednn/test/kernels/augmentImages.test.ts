import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { augmentImages, BACKEND_NAME, hasAugmentImages, type ImageAugmentation } from '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
type Image = number[][][]; // [row][col][channel]

/** An image padded by `pr` rows and `pc` columns on each side, as numpy's 'symmetric' (Keras' 'reflect') or with a constant. */
function pad(image: Image, pr: number, pc: number, mode: 'reflect' | 'constant', fill: number): Image {
  const h = image.length,
    w = image[0]!.length,
    c = image[0]![0]!.length;
  const index = (i: number, size: number): number => (i < 0 ? -i - 1 : i >= size ? 2 * size - 1 - i : i);
  return Array.from({ length: h + 2 * pr }, (_, r) =>
    Array.from({ length: w + 2 * pc }, (_, q) => {
      const [sr, sq] = [r - pr, q - pc];
      const inside = sr >= 0 && sr < h && sq >= 0 && sq < w;
      if (!inside && mode === 'constant') return new Array<number>(c).fill(fill);
      return [...image[index(sr, h)]![index(sq, w)]!];
    }),
  );
}

/** One image augmented step by step: reverse the columns, pad and crop, then overwrite the rectangle. */
function reference(image: Image, a: ImageAugmentation, mode: 'reflect' | 'constant', fill: number): Image {
  const h = image.length,
    w = image[0]!.length;
  let out = a.flip === true ? image.map((row) => [...row].reverse()) : image;
  // Shifts of up to one image size: one reflection on each side.
  const padded = pad(out, h, w, mode, fill);
  const [dr, dc] = [a.shiftRows ?? 0, a.shiftCols ?? 0];
  out = padded.slice(h - dr, 2 * h - dr).map((row) => row.slice(w - dc, 2 * w - dc));
  const cut = a.cutout;
  if (cut !== undefined) {
    out = out.map((row, r) =>
      row.map((px, q) => (r >= cut.top && r < cut.bottom && q >= cut.left && q < cut.right ? px.map(() => fill) : px)),
    );
  }
  return out;
}

const [n, h, w, c] = [6, 5, 7, 3];
const augmentations: ImageAugmentation[] = [
  {},
  { flip: true },
  { shiftRows: 2, shiftCols: -3 },
  { flip: true, shiftRows: -5, shiftCols: 7 },
  { cutout: { top: 1, left: 2, bottom: 4, right: 6 } },
  { flip: true, shiftRows: 1, shiftCols: 1, cutout: { top: 3, left: -2, bottom: 9, right: 2 } },
];

function check(backend: string, mode: 'reflect' | 'constant', fill: number): void {
  const x = random(n * h * w * c);
  const images = tf.tidy(() => tf.tensor4d(x, [n, h, w, c]).arraySync());
  // The op clips image 5's rectangle to the image; the reference's comparisons clip it by themselves.
  const expected = images.map((image, i) => reference(image, augmentations[i]!, mode, fill));
  const actual = tf.tidy(() =>
    augmentImages(tf.tensor4d(x, [n, h, w, c]), augmentations, { fillMode: mode, fillValue: fill }).arraySync(),
  );
  assert.deepEqual(actual, expected, `${backend}, ${mode}`);
}

for (const backend of [BACKEND_NAME, 'cpu']) {
  describe(`augmentImages on ${backend}`, () => {
    it('flips, translates with reflect padding and cuts out each image as a plain-JS pad-and-crop does', async () => {
      await tf.setBackend(backend);
      assert.equal(hasAugmentImages(), backend === BACKEND_NAME);
      check(backend, 'reflect', 0);
    });

    it('pads with the constant fill value, which also fills the cut-out', async () => {
      await tf.setBackend(backend);
      check(backend, 'constant', 0.5);
    });

    it('rejects a batch whose augmentation count differs, and fractional shifts', async () => {
      await tf.setBackend(backend);
      const x = tf.zeros([2, 3, 3, 1]) as tf.Tensor4D;
      assert.throws(() => augmentImages(x, [{}]), /1 augmentations given for a batch of 2/);
      assert.throws(() => augmentImages(x, [{}, { shiftRows: 0.5 }]), /shifts must be integers/);
      x.dispose();
    });
  });
}
