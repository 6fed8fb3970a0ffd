import { gatherImages } from './imageSubsets.js';
import { seededGenerator, shuffleInPlace } from './random.js';
import type { ImageSet } from './types.js';

/** A random permutation of `0..count-1`, the same for the same seed. */
export function shuffledIndices(count: number, seed: number): number[] {
  return shuffleInPlace(
    Array.from({ length: count }, (_, i) => i),
    seededGenerator(seed),
  );
}

/** The images of `set` in a random order that depends only on `seed`; images keep their labels. */
export function shuffle(set: ImageSet, seed: number): ImageSet {
  return gatherImages(set, shuffledIndices(set.count, seed));
}
