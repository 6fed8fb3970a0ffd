import type { ImageSet } from './types.js';

/** A new ImageSet of the images at `indices`, in that order (copies the pixels, like `tf.gather`). */
export function gatherImages(set: ImageSet, indices: readonly number[]): ImageSet {
  const imageBytes = bytesPerImage(set);
  const images = new Uint8Array(indices.length * imageBytes);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, position) => {
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new RangeError(`image index ${index} is outside 0..${set.count - 1}`);
    }
    images.set(set.images.subarray(index * imageBytes, (index + 1) * imageBytes), position * imageBytes);
    labels[position] = set.labels[index]!;
  });
  return withContents(set, images, labels);
}

/** Images `start..end-1` of `set` as a view sharing its memory (no copy). */
export function sliceImages(set: ImageSet, start: number, end: number): ImageSet {
  const imageBytes = bytesPerImage(set);
  return withContents(set, set.images.subarray(start * imageBytes, end * imageBytes), set.labels.subarray(start, end));
}

function bytesPerImage(set: ImageSet): number {
  return set.height * set.width * set.channels;
}

function withContents(shape: ImageSet, images: Uint8Array, labels: Uint8Array): ImageSet {
  return { images, labels, count: labels.length, height: shape.height, width: shape.width, channels: shape.channels };
}
