import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { augmentImages, type ImageAugmentation } from 'tfjs-backend-onednn';

/** Views of each test image whose predicted probabilities are averaged (test-time augmentation). */
export interface TestTimeAugmentation {
  /** Also the mirrored image (as a horizontal RandomFlip trains on). */
  readonly flip?: boolean;
  /**
   * Also the image moved by this many pixels down-right and up-left (reflect padding), and, with
   * `flip`, their mirrors. Default 0: no translated views.
   */
  readonly translate?: number;
}

/** The per-image augmentations of each view: the identity first. */
export function testTimeViews(tta: TestTimeAugmentation): ImageAugmentation[] {
  const translate = tta.translate ?? 0;
  if (!Number.isInteger(translate) || translate < 0) {
    throw new Error(`test-time augmentation: translate must be a whole number of pixels >= 0, got ${translate}`);
  }
  const shifts = translate === 0 ? [0] : [0, translate, -translate];
  return (tta.flip === true ? [false, true] : [false]).flatMap((flip) =>
    shifts.map((shift) => ({ flip, shiftRows: shift, shiftCols: shift })),
  );
}

/** The model's probabilities for x averaged over the views (equal weights). */
export function predictViews(model: tfl.LayersModel, x: tf.Tensor4D, tta: TestTimeAugmentation): tf.Tensor {
  const views = testTimeViews(tta);
  return tf.tidy(() => {
    const n = x.shape[0];
    const sum = views
      .map((view) => model.predict(augmentImages(x, new Array<ImageAugmentation>(n).fill(view))) as tf.Tensor)
      .reduce((a, b) => tf.add(a, b));
    return tf.div(sum, views.length);
  });
}
