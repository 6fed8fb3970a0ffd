import type * as tf from '@tensorflow/tfjs-core';

/**
 * Class probabilities for `rows` examples, row-major: `data[row * classes + k]` is P(class k | row).
 * Ensembling works on these so that a member's predictions are computed once and reused.
 */
export interface ProbabilityMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly classes: number;
}

/** Integer class labels, one per row. */
export type Labels = Uint8Array | Int32Array;

/** Wraps a rank-2 probability tensor (a model's `predict` output) as a `ProbabilityMatrix`. */
export function probabilityMatrixFromTensor(tensor: tf.Tensor): ProbabilityMatrix {
  if (tensor.rank !== 2) {
    throw new Error(`expected a rank-2 [rows, classes] probability tensor, got shape [${tensor.shape.join(', ')}]`);
  }
  const [rows, classes] = tensor.shape as [number, number];
  return { data: Float32Array.from(tensor.dataSync()), rows, classes };
}

/** The predicted class of every row: the first index holding the row's maximum. */
export function argmaxRows(matrix: ProbabilityMatrix): Int32Array {
  const { data, rows, classes } = matrix;
  const predicted = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (data[offset + k] > data[offset + best]) best = k;
    }
    predicted[row] = best;
  }
  return predicted;
}
