// The CIFAR-10 speed-run recipe for a CPU: the ideas of the airbench and hlb-CIFAR10 recipes
// (a frozen patch-whitening first layer, a small VGG-like net with BatchNormalization and GELU whose
// convolutions start partly as identities, alternating flip and translate augmentation, label
// smoothing, Nesterov SGD with a warm-up then decay of the learning rate, decoupled weight decay,
// Lookahead of the weights, test-time augmentation), assembled from Kiln's reusable pieces and
// sized for a few CPU cores.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { Callback, ExponentialMovingAverage, Lookahead, type EpochLogs, type Verbosity } from '../callbacks/index.js';
import { scaleImages, sliceImages, type ImageSet } from '../data/index.js';
import { categoricalCrossentropy } from '../losses/index.js';
import { dirac, fuseLayers, layers } from '../models/index.js';
import { OneCycle, scheduleLearningRate, SgdOptimizer } from '../optimizers/index.js';
import { evaluate, fit, type TestTimeAugmentation } from '../training/index.js';

export interface CifarFastOptions {
  /** Default 10. */
  readonly epochs?: number;
  /** Default 512. */
  readonly batchSize?: number;
  /**
   * Filters of the three blocks (default [64, 256, 256], airbench94's); with `whitening: false` a
   * stem convolution of half the first stands in for the whitening.
   */
  readonly widths?: readonly [number, number, number];
  /**
   * The first layer: airbench's frozen 2x2 patch whitening (24 maps, then GELU), fitted to the
   * first `whiteningImages` training images before training (default true); false: a trained
   * 3x3 convolution of half the first block's width.
   */
  readonly whitening?: boolean;
  /** How many training images the whitening is fitted to (default 5000, airbench's). */
  readonly whiteningImages?: number;
  /**
   * Each image mirrored on every other epoch, the first time at random (airbench's; default true);
   * false: an independent coin flip each time (Keras' RandomFlip).
   */
  readonly alternatingFlip?: boolean;
  /**
   * The first min(inputs, filters) filters of every convolution start as identities (airbench's
   * `dirac_`; default true); false: all filters as PyTorch's default.
   */
  readonly diracInit?: boolean;
  /**
   * airbench94's Lookahead of the weights (default true): every 5 steps the weights
   * move back towards their slow average, ever more strongly as training ends, and training ends on
   * the slow weights.
   */
  readonly lookahead?: boolean;
  /**
   * Test with an exponential moving average of the weights (hlb-CIFAR10's; default false when
   * `lookahead`, true otherwise).
   */
  readonly exponentialMovingAverage?: boolean;
  /**
   * Peak learning rate of the schedule (default 0.75 for batch 512, scaled linearly with the batch: airbench's
   * 11.5 per 1024 images on a summed loss, for Keras' Nesterov SGD on the mean loss).
   */
  readonly learningRate?: number;
  /** Nesterov momentum (default 0.85, airbench's). */
  readonly momentum?: number;
  /**
   * Decoupled weight decay of every weight, as Keras' (w -= lr wd w each step; default 9e-3: airbench's
   * 0.0153 per 1024 images, which its PyTorch SGD applies through the momentum).
   */
  readonly weightDecay?: number;
  /** BatchNormalization's offsets (beta) learn at this multiple of the learning rate (default 64, airbench's `bias_scaler`). */
  readonly offsetLearningRateMultiplier?: number;
  /** Default 0.2. */
  readonly labelSmoothing?: number;
  /** Pixels of random translation (default 2, reflect padding). */
  readonly translate?: number;
  /** The views averaged at test time (default flip and 1-pixel translations). */
  readonly testTimeAugmentation?: TestTimeAugmentation;
  readonly seed?: number;
  /** Keras verbosity of the training's progress (default 0). */
  readonly verbose?: Verbosity;
  /** Called after each epoch's test (to print progress). */
  readonly onEpoch?: (epoch: CifarFastEpoch) => void;
}

/** One epoch's outcome: training time so far (evaluations excluded) and the test accuracy then. */
export interface CifarFastEpoch {
  readonly epoch: number;
  readonly trainSeconds: number;
  /** Of the weights tested (the moving average's if there is one), with test-time augmentation. */
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly evaluationSeconds: number;
  readonly logs: EpochLogs;
}

export interface CifarFastResult {
  /**
   * The trained model, holding the weights it was last tested with (Lookahead's slow weights, or the moving average),
   * compiled with the recipe's loss and optimizer; the caller disposes it (`model.optimizer.dispose()`, `model.dispose()`).
   */
  readonly model: tfl.LayersModel;
  readonly epochs: readonly CifarFastEpoch[];
  /** The schedule's peak learning rate. */
  readonly learningRate: number;
  readonly parameters: number;
  /** Training images per second of training time. */
  readonly imagesPerSecond: number;
}

/**
 * The recipe's network: (alternating) flip and translate, a frozen patch whitening and GELU (or a
 * stem convolution), three conv-pool-BN-GELU blocks, global max pooling, softmax. Its PatchWhitening
 * layer must be fitted before training: `adaptWhitening(model, trainImages)`.
 */
export function buildCifarFastModel(
  options: Pick<CifarFastOptions, 'widths' | 'translate' | 'seed' | 'whitening' | 'alternatingFlip' | 'diracInit'> & {
    readonly inputShape?: readonly [number, number, number];
    readonly numClasses?: number;
  } = {},
): tfl.LayersModel {
  const [height, width, channels] = options.inputShape ?? [32, 32, 3];
  const widths = options.widths ?? [64, 256, 256];
  const translate = options.translate ?? 2;
  const whitening = options.whitening ?? true;
  let seed = options.seed;
  const nextSeed = (): number | undefined => (seed === undefined ? undefined : seed++);
  // PyTorch's default for convolutions (uniform, variance 1 / (3 fan-in)), airbench's: smaller weights
  // than He's, so that the same learning rate turns them faster (BatchNormalization makes their scale
  // moot); with dirac, the first filters start as identities.
  const initializer = (): ReturnType<typeof tfl.initializers.varianceScaling> =>
    (options.diracInit ?? true)
      ? dirac(seeded(nextSeed()))
      : tfl.initializers.varianceScaling({
          scale: 1 / 3,
          mode: 'fanIn',
          distribution: 'uniform',
          ...seeded(nextSeed()),
        });
  const convBnGelu = (filters: number, pool: boolean): tfl.layers.Layer[] => [
    layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: initializer() }),
    ...(pool ? [layers.maxPooling2d({ poolSize: 2 })] : []),
    // A short memory for the batch statistics (airbench's 0.4 in PyTorch's convention, 1 - Keras'): the
    // weights change fast in a short run. No gamma, as airbench: the next convolution scales.
    layers.batchNormalization({ momentum: 0.6, epsilon: 1e-5, scale: false }),
    layers.activation({ activation: 'gelu' }),
  ];
  const flip = (options.alternatingFlip ?? true) ? layers.alternatingFlip : layers.randomFlip;
  return tfl.sequential({
    name: 'cifar_fast',
    layers: [
      // First: the alternating flip knows the images again by their pixels.
      flip({ inputShape: [height, width, channels], ...seeded(nextSeed()) }),
      layers.randomTranslation({
        heightFactor: translate / height,
        widthFactor: translate / width,
        fillMode: 'reflect',
        ...seeded(nextSeed()),
      }),
      ...(whitening
        ? [layers.patchWhitening({ patchSize: 2 }), layers.activation({ activation: 'gelu' })]
        : convBnGelu(widths[0] / 2, false)),
      ...widths.flatMap((filters) => [...convBnGelu(filters, true), ...convBnGelu(filters, false)]),
      tfl.layers.globalMaxPooling2d({}),
      // airbench's 1/9 on the logits, here on the features (the same logits and kernel gradients): without
      // it one step at the recipe's learning rate moves the logits of a 256-feature layer by tens.
      tfl.layers.rescaling({ scale: 1 / 9 }),
      tfl.layers.dense({
        units: options.numClasses ?? 10,
        activation: 'softmax',
        useBias: false,
        // Zero: the first predictions are uniform (loss ln 10) instead of confidently wrong.
        kernelInitializer: 'zeros',
      }),
    ],
  });
}

/** Fits the model's PatchWhitening layers (if any) to the first `count` images of `train`, as the model sees them. */
export function adaptWhitening(model: tfl.LayersModel, train: ImageSet, count = 5000): void {
  const whitening = model.layers.filter(
    (layer): layer is layers.PatchWhitening => layer instanceof layers.PatchWhitening,
  );
  if (whitening.length === 0) return;
  const sample = sliceImages(train, 0, Math.min(count, train.count));
  const images = tf.tensor4d(scaleImages(sample.images), [sample.count, sample.height, sample.width, sample.channels]);
  try {
    whitening.forEach((layer) => layer.adapt(images));
  } finally {
    images.dispose();
  }
}

const seeded = (seed: number | undefined): { seed?: number } => (seed === undefined ? {} : { seed });

/** Evaluates after each epoch with the tested weights and test-time augmentation, timing it apart from training. */
class EpochEvaluation extends Callback {
  readonly epochs: CifarFastEpoch[] = [];
  private evaluationSeconds = 0;

  constructor(
    private readonly started: number,
    private readonly ema: ExponentialMovingAverage | undefined,
    private readonly test: ImageSet,
    private readonly tta: TestTimeAugmentation,
    private readonly batchSize: number,
    private readonly onEpoch: ((epoch: CifarFastEpoch) => void) | undefined,
  ) {
    super();
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const trainSeconds = (performance.now() - this.started) / 1000 - this.evaluationSeconds;
    const began = performance.now();
    const test = () => evaluate(this.model, this.test, { batchSize: this.batchSize, testTimeAugmentation: this.tta });
    const scores = this.ema === undefined ? test() : await this.ema.withAverages(test);
    const evaluationSeconds = (performance.now() - began) / 1000;
    this.evaluationSeconds += evaluationSeconds;
    const record = {
      epoch,
      trainSeconds,
      testAccuracy: scores.accuracy,
      testLoss: scores.loss,
      evaluationSeconds,
      logs,
    };
    this.epochs.push(record);
    this.onEpoch?.(record);
  }
}

/** Trains the recipe on `train`, testing on `test` after every epoch; returns the model with the weights it tested. */
export async function trainCifarFast(
  train: ImageSet,
  test: ImageSet,
  options: CifarFastOptions = {},
): Promise<CifarFastResult> {
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 512;
  const learningRate = options.learningRate ?? (0.75 * batchSize) / 512;
  const steps = epochs * Math.ceil(train.count / batchSize);
  // Training time includes fitting the whitening, as airbench counts it.
  const started = performance.now();
  const model = buildCifarFastModel({
    ...options,
    inputShape: [train.height, train.width, train.channels],
    numClasses: train.labels.reduce((most, label) => Math.max(most, label), 0) + 1,
  });
  adaptWhitening(model, train, options.whiteningImages ?? 5000);
  // airbench's schedule: up from a fifth of the peak over the first 23% of the steps, then down to 7% of it.
  const schedule = new OneCycle({
    maxLearningRate: learningRate,
    totalSteps: Math.max(steps, 2),
    pctStart: 0.23,
    divFactor: 5,
    finalDivFactor: 0.2 / 0.07,
  });
  fuseLayers(model);
  model.compile({
    optimizer: scheduleLearningRate(
      new SgdOptimizer({
        learningRate,
        momentum: options.momentum ?? 0.85,
        nesterov: true,
        weightDecay: options.weightDecay ?? 9e-3,
        // As airbench: BatchNormalization's offsets are decayed too (they have no gamma to grow into).
        excludeFromWeightDecay: [],
        learningRateMultipliers: { beta: options.offsetLearningRateMultiplier ?? 64 },
      }),
      schedule,
    ),
    loss: categoricalCrossentropy({ labelSmoothing: options.labelSmoothing ?? 0.2 }),
    metrics: ['accuracy'],
  });
  const useLookahead = options.lookahead ?? true;
  // airbench94's: a sync every 5 steps, α from 1 (plain training) down to 1 - 0.95^5 at the end.
  const lookahead = useLookahead
    ? new Lookahead(model, {
        syncPeriod: 5,
        slowStepSize: (fraction) => 1 - 0.95 ** 5 * fraction ** 3,
      })
    : undefined;
  const ema =
    (options.exponentialMovingAverage ?? !useLookahead)
      ? new ExponentialMovingAverage(model, { decay: 0.98, updateEvery: 5 })
      : undefined;
  const verbose = options.verbose ?? 0;
  const evaluation = new EpochEvaluation(
    started,
    ema,
    test,
    options.testTimeAugmentation ?? { flip: true, translate: 1 },
    batchSize,
    options.onEpoch,
  );
  try {
    await fit(model, train, {
      epochs,
      batchSize,
      verbose,
      ...seeded(options.seed),
      // Lookahead first: the last step leaves the slow weights for the moving average and the test.
      callbacks: [...(lookahead === undefined ? [] : [lookahead]), ...(ema === undefined ? [] : [ema]), evaluation],
    });
    if (ema !== undefined) {
      // The weights it was tested with stay in the model once the average is gone.
      const averaged = await ema.withAverages(() => model.getWeights().map((w) => w.clone()));
      ema.dispose();
      model.setWeights(averaged);
      tf.dispose(averaged);
    }
  } catch (error) {
    ema?.dispose();
    lookahead?.dispose();
    model.optimizer.dispose();
    model.dispose();
    throw error;
  }
  const last = evaluation.epochs.at(-1);
  return {
    model,
    epochs: evaluation.epochs,
    learningRate,
    parameters: model.countParams(),
    imagesPerSecond: last === undefined ? 0 : (evaluation.epochs.length * train.count) / last.trainSeconds,
  };
}
