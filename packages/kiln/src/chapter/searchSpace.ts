import type { ConvBlockSpec, ConvnetSpec } from '../models/index.js';
import type { Trial } from '../tuning/index.js';

/** The bounds of the chapter's search space that a caller may narrow (small images, small CPUs). */
export interface ChapterSearchSpaceOptions {
  /** `[height, width, channels]` of the images: it caps the depth, since every block shrinks them. */
  readonly inputShape: readonly [number, number, number];
  /** Filters of the first block, searched on a log scale; default `[8, 64]`. Each later block doubles them. */
  readonly filters?: readonly [number, number];
  /** Most conv blocks to try; default 3 (fewer when the images are too small for 3). */
  readonly maxDepth?: number;
  /** Default `[32, 64, 128]`. */
  readonly batchSizes?: readonly number[];
  /** The convolution types to try; default both. */
  readonly convolutions?: readonly ConvnetSpec['convolution'][];
}

/** The bounds used when `ChapterSearchSpaceOptions` leaves them out. */
export const chapterSearchSpaceDefaults = {
  filters: [8, 64] as const,
  maxDepth: 3,
  batchSizes: [32, 64, 128] as const,
  convolutions: ['separable', 'regular'] as const,
};

/** One trial's choice: the convnet to build and the batch size to train it with. */
export interface ChapterCandidate {
  readonly spec: ConvnetSpec;
  readonly batchSize: number;
}

const kernelShrink = 2;
const convolutionsPerBlock = 2;

/**
 * Asks `trial` for one point of the chapter's space (define-by-run): separable vs regular
 * convolutions, batch normalization, base filters, depth, dropout, optimizer and its learning rate,
 * batch size. Adadelta gets its own learning-rate parameter because its useful range (around 1.0)
 * is three decades above the others' (around 1e-3); one shared range would waste most samples.
 */
export async function suggestChapterCandidate(
  trial: Trial,
  options: ChapterSearchSpaceOptions,
): Promise<ChapterCandidate> {
  const [lowFilters, highFilters] = options.filters ?? chapterSearchSpaceDefaults.filters;
  const convolution = await trial.suggestCategorical(
    'convolution',
    options.convolutions ?? chapterSearchSpaceDefaults.convolutions,
  );
  const batchNormalization = await trial.suggestCategorical('batchNormalization', [true, false]);
  const filters = await trial.suggestInt('filters', lowFilters, highFilters, { log: true });
  const fitting = fittingBlocks(options.inputShape, options.maxDepth ?? chapterSearchSpaceDefaults.maxDepth);
  const depth = await trial.suggestInt('depth', 1, fitting.length);
  const dropout = await trial.suggestFloat('dropout', 0, 0.5);
  const optimizer = await trial.suggestCategorical('optimizer', ['rmsprop', 'adadelta', 'adam'] as const);
  const learningRate =
    optimizer === 'adadelta'
      ? await trial.suggestFloat('adadeltaLearningRate', 0.1, 10, { log: true })
      : await trial.suggestFloat('learningRate', 1e-4, 1e-2, { log: true });
  const batchSize = await trial.suggestCategorical(
    'batchSize',
    options.batchSizes ?? chapterSearchSpaceDefaults.batchSizes,
  );
  const blocks = fitting.slice(0, depth).map((pooled, index): ConvBlockSpec => ({
    filters: Array.from({ length: convolutionsPerBlock }, () => filters * 2 ** index),
    maxPooling: pooled,
    dropout,
  }));
  const spec: ConvnetSpec = {
    convolution,
    blocks,
    batchNormalization,
    head: 'globalAveragePooling',
    dense: [{ units: filters * 2 ** (depth - 1), dropout }],
    optimizer: { name: optimizer, learningRate },
  };
  return { spec, batchSize };
}

/**
 * Whether each block that fits the images ends in 2x2 pooling, for at most `maxDepth` blocks: every
 * block's unpadded 3x3 convolutions shrink the image, which is pooled while at least 2 pixels wide.
 */
function fittingBlocks(inputShape: readonly [number, number, number], maxDepth: number): boolean[] {
  const shrink = convolutionsPerBlock * kernelShrink;
  let size = Math.min(inputShape[0], inputShape[1]);
  const pooled: boolean[] = [];
  while (pooled.length < maxDepth && size - shrink >= 1) {
    size -= shrink;
    pooled.push(size >= 2);
    if (size >= 2) size = Math.floor(size / 2);
  }
  if (pooled.length === 0) {
    throw new RangeError(
      `images of ${inputShape[0]}x${inputShape[1]} are too small for one block of two 3x3 convolutions: they need at least ${shrink + 1}x${shrink + 1} pixels`,
    );
  }
  return pooled;
}
