/**
 * One-hot encodes integer class labels, like `keras.utils.to_categorical`: row `i` of the
 * `labels.length x numClasses` row-major result has a 1 at column `labels[i]`.
 */
export function toCategorical(labels: ArrayLike<number>, numClasses: number): Float32Array {
  const oneHot = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`label ${label} at index ${i} is outside 0..${numClasses - 1}`);
    }
    oneHot[i * numClasses + label] = 1;
  }
  return oneHot;
}
