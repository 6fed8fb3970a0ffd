import type { ImageSet } from '../../src/data/index.js';
import type { ConvnetSpec } from '../../src/models/index.js';

/**
 * An easily separable two-class problem: class 0 images are dark, class 1 bright, with noise.
 * Labels alternate, so any split or subset holds both classes.
 */
export function darkAndBrightImages(count: number, size = 8, channels = 3): ImageSet {
  const pixels = size * size * channels;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  let state = 12345;
  const noise = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state % 61) - 30;
  };
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const base = labels[i] === 0 ? 60 : 190;
    for (let p = 0; p < pixels; p++) images[i * pixels + p] = base + noise();
  }
  return { images, labels, count, height: size, width: size, channels };
}

/** A convnet small enough to train in well under a second on the cpu backend. */
export const tinySpec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [4], maxPooling: true }],
  batchNormalization: false,
  head: 'flatten',
  dense: [],
  optimizer: { name: 'adam', learningRate: 0.01 },
};
