// The CIFAR-10 speed-run recipe for a CPU: the ideas of the airbench and hlb-CIFAR10 recipes
// (a small VGG-like net with BatchNormalization and GELU, flip and translate augmentation, label
// smoothing, Nesterov SGD with a warm-up then decay of the learning rate, decoupled weight decay,
// an exponential moving average of the weights, test-time augmentation), assembled from Kiln's
// reusable pieces and sized for a few CPU cores.
import * as tfl from '@tensorflow/tfjs-layers';

import { Callback, ExponentialMovingAverage, type EpochLogs, type Verbosity } from '../callbacks/index.js';
import type { ImageSet } from '../data/index.js';
import { categoricalCrossentropy } from '../losses/index.js';
import { fuseLayers, layers } from '../models/index.js';
import { createOptimizer, OneCycle } from '../optimizers/index.js';
import { evaluate, fit, type TestTimeAugmentation } from '../training/index.js';

export interface CifarFastOptions {
  /** Default 10. */
  readonly epochs?: number;
  /** Default 512. */
  readonly batchSize?: number;
  /** Filters of the three blocks (default [64, 256, 256], airbench94's); the stem has half the first. */
  readonly widths?: readonly [number, number, number];
  /** Peak learning rate of the one-cycle schedule (default 0.2 for batch 512, scaled linearly with the batch). */
  readonly learningRate?: number;
  /** Decoupled weight decay (default 5e-3, i.e. 5e-4 coupled at momentum 0.9). */
  readonly weightDecay?: number;
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
  /** Of the moving average of the weights, with test-time augmentation. */
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly evaluationSeconds: number;
  readonly logs: EpochLogs;
}

export interface CifarFastResult {
  readonly epochs: readonly CifarFastEpoch[];
  readonly parameters: number;
  /** Training images per second of training time. */
  readonly imagesPerSecond: number;
}

/** The recipe's network: flip and translate, a stem, three conv-pool-BN-GELU blocks, global max pooling, softmax. */
export function buildCifarFastModel(
  options: Pick<CifarFastOptions, 'widths' | 'translate' | 'seed'> & {
    readonly inputShape?: readonly [number, number, number];
    readonly numClasses?: number;
  } = {},
): tfl.LayersModel {
  const [height, width, channels] = options.inputShape ?? [32, 32, 3];
  const widths = options.widths ?? [64, 256, 256];
  const translate = options.translate ?? 2;
  let seed = options.seed;
  const nextSeed = (): number | undefined => (seed === undefined ? undefined : seed++);
  const initializer = (): ReturnType<typeof tfl.initializers.heNormal> => {
    const s = nextSeed();
    return tfl.initializers.heNormal(s === undefined ? {} : { seed: s });
  };
  const convBnGelu = (filters: number, pool: boolean): tfl.layers.Layer[] => [
    layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: initializer() }),
    ...(pool ? [layers.maxPooling2d({ poolSize: 2 })] : []),
    // A short memory for the batch statistics: the weights change fast in a short run.
    layers.batchNormalization({ momentum: 0.8, epsilon: 1e-5 }),
    layers.activation({ activation: 'gelu' }),
  ];
  return tfl.sequential({
    name: 'cifar_fast',
    layers: [
      layers.randomFlip({ inputShape: [height, width, channels], ...seeded(nextSeed()) }),
      layers.randomTranslation({
        heightFactor: translate / height,
        widthFactor: translate / width,
        fillMode: 'reflect',
        ...seeded(nextSeed()),
      }),
      ...convBnGelu(widths[0] / 2, false),
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

const seeded = (seed: number | undefined): { seed?: number } => (seed === undefined ? {} : { seed });

/** Evaluates after each epoch with the averaged weights and test-time augmentation, timing it apart from training. */
class EpochEvaluation extends Callback {
  readonly epochs: CifarFastEpoch[] = [];
  private evaluationSeconds = 0;
  private readonly started = performance.now();

  constructor(
    private readonly ema: ExponentialMovingAverage,
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
    const scores = await this.ema.withAverages(() =>
      evaluate(this.model, this.test, { batchSize: this.batchSize, testTimeAugmentation: this.tta }),
    );
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

/** Trains the recipe on `train`, testing on `test` after every epoch; frees the model before returning. */
export async function trainCifarFast(
  train: ImageSet,
  test: ImageSet,
  options: CifarFastOptions = {},
): Promise<CifarFastResult> {
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 512;
  const learningRate = options.learningRate ?? (0.2 * batchSize) / 512;
  const steps = epochs * Math.ceil(train.count / batchSize);
  const model = buildCifarFastModel({
    ...options,
    inputShape: [train.height, train.width, train.channels],
    numClasses: train.labels.reduce((most, label) => Math.max(most, label), 0) + 1,
  });
  const schedule = new OneCycle({ maxLearningRate: learningRate, totalSteps: Math.max(steps, 2), pctStart: 0.25 });
  fuseLayers(model);
  model.compile({
    optimizer: createOptimizer(
      { name: 'sgd', learningRate, momentum: 0.9, nesterov: true, weightDecay: options.weightDecay ?? 5e-3 },
      schedule,
    ),
    loss: categoricalCrossentropy({ labelSmoothing: options.labelSmoothing ?? 0.2 }),
    metrics: ['accuracy'],
  });
  const ema = new ExponentialMovingAverage(model, { decay: 0.98, updateEvery: 5 });
  const verbose = options.verbose ?? 0;
  const evaluation = new EpochEvaluation(
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
      callbacks: [ema, evaluation],
    });
    const last = evaluation.epochs.at(-1);
    return {
      epochs: evaluation.epochs,
      parameters: model.countParams(),
      imagesPerSecond: last === undefined ? 0 : (evaluation.epochs.length * train.count) / last.trainSeconds,
    };
  } finally {
    ema.dispose();
    model.optimizer.dispose();
    model.dispose();
  }
}
