// Per-image flips, translations and cut-outs of a batch, for augmentation layers: one native pass on
// a backend that has it (onednn), the same gather in JS elsewhere.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor4D } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { AugmentImages } from '../kernels/AugmentImages.js';

/** What to do to one image; every field is optional (absent: nothing). */
export interface ImageAugmentation {
  /** Mirror the columns (a horizontal flip), before translating. */
  flip?: boolean;
  /** Rows and columns to move the image down and right by (negative: up and left), integers. */
  shiftRows?: number;
  shiftCols?: number;
  /** A rectangle [top, bottom) x [left, right) filled with `fillValue` after the rest (clipped to the image). */
  cutout?: { top: number; left: number; bottom: number; right: number };
}

export interface AugmentImagesOptions {
  /** Pixels a translation uncovers: 'reflect' (Keras' fill mode: d c b a | a b c d | d c b a) or 'constant'. */
  fillMode?: 'reflect' | 'constant';
  /** The value of constant padding and of cut-outs (default 0). */
  fillValue?: number;
}

const paramsPerImage = 7;

/** Whether the current backend runs augmentImages natively (only onednn does). */
export function hasAugmentImages(): boolean {
  return backendHasKernel(AugmentImages);
}

/**
 * x (NHWC, float32) with image i flipped, translated and cut out as `perImage[i]` says. Not
 * differentiable: augmentation sits at a model's input, where no gradient is needed.
 */
export function augmentImages(
  x: Tensor4D,
  perImage: readonly ImageAugmentation[],
  options: AugmentImagesOptions = {},
): Tensor4D {
  const [n, h, w, c] = x.shape;
  if (x.rank !== 4 || x.dtype !== 'float32') {
    throw new Error(
      `augmentImages: x must be a float32 batch of images [n, h, w, c], got ${x.dtype} [${x.shape.join(', ')}]`,
    );
  }
  if (perImage.length !== n) {
    throw new Error(`augmentImages: ${perImage.length} augmentations given for a batch of ${n} images`);
  }
  const fillMode = options.fillMode ?? 'reflect';
  if (fillMode !== 'reflect' && fillMode !== 'constant') {
    throw new Error(`augmentImages: fillMode must be 'reflect' or 'constant', got '${String(fillMode)}'`);
  }
  const fillValue = options.fillValue ?? 0;
  const params = encode(perImage, h, w);
  const reflect = fillMode === 'reflect';
  if (hasAugmentImages()) {
    const attrs: NamedAttrMap = { params: params as unknown as number[], reflect, fillValue };
    return tf.engine().runKernel(AugmentImages, { x }, attrs) as Tensor4D;
  }
  return tf.tensor4d(gather(x.dataSync() as Float32Array, [n, h, w, c], params, reflect, fillValue), [n, h, w, c]);
}

function encode(perImage: readonly ImageAugmentation[], h: number, w: number): Int32Array {
  const params = new Int32Array(perImage.length * paramsPerImage);
  perImage.forEach((a, i) => {
    const { shiftRows = 0, shiftCols = 0, cutout } = a;
    if (!Number.isInteger(shiftRows) || !Number.isInteger(shiftCols)) {
      throw new Error(`augmentImages: image ${i}'s shifts must be integers, got ${shiftRows}, ${shiftCols}`);
    }
    const clip = (v: number, size: number): number => Math.min(size, Math.max(0, Math.round(v)));
    params.set(
      [
        a.flip === true ? 1 : 0,
        shiftRows,
        shiftCols,
        cutout === undefined ? 0 : clip(cutout.top, h),
        cutout === undefined ? 0 : clip(cutout.left, w),
        cutout === undefined ? 0 : clip(cutout.bottom, h),
        cutout === undefined ? 0 : clip(cutout.right, w),
      ],
      i * paramsPerImage,
    );
  });
  return params;
}

/** Keras' 'reflect' padding of index i on an axis of `size`, or -1 for constant padding. */
function sourceIndex(i: number, size: number, reflect: boolean): number {
  if (i >= 0 && i < size) return i;
  if (!reflect) return -1;
  const m = ((i % (2 * size)) + 2 * size) % (2 * size);
  return m < size ? m : 2 * size - 1 - m;
}

/** The native kernel's computation, for backends without it. */
function gather(
  x: Float32Array,
  [n, h, w, c]: number[],
  params: Int32Array,
  reflect: boolean,
  fillValue: number,
): Float32Array {
  const y = new Float32Array(x.length);
  for (let b = 0; b < n!; b++) {
    const [flip, shiftRows, shiftCols, top, left, bottom, right] = params.subarray(b * paramsPerImage);
    for (let r = 0; r < h!; r++) {
      const sourceRow = sourceIndex(r - shiftRows!, h!, reflect);
      for (let q = 0; q < w!; q++) {
        let sourceCol = sourceIndex(q - shiftCols!, w!, reflect);
        const out = ((b * h! + r) * w! + q) * c!;
        if ((r >= top! && r < bottom! && q >= left! && q < right!) || sourceRow < 0 || sourceCol < 0) {
          y.fill(fillValue, out, out + c!);
          continue;
        }
        if (flip) sourceCol = w! - 1 - sourceCol;
        const from = ((b * h! + sourceRow) * w! + sourceCol) * c!;
        y.set(x.subarray(from, from + c!), out);
      }
    }
  }
  return y;
}
