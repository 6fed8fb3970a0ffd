import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../data/index.js';
import { buildConvnet, type ConvnetSpec, type KilnModelMetadata } from '../models/index.js';
import type { Callback, CallbackHooks, History, Verbosity } from '../callbacks/index.js';
import { fit, predict } from '../training/index.js';
import { evaluateProbabilities, type Evaluation, type ProbabilityMatrix } from '../metrics/index.js';

/** One model to build from a spec, train, test and (optionally) save: see `trainModel`. */
export interface TrainModelOptions {
  /** A registry name (`separable`, ...) or the caller's label (`trial-3`); saved in the model's metadata. */
  readonly modelName: string;
  readonly spec: ConvnetSpec;
  readonly train: ImageSet;
  /** Scored after every epoch (`val_loss`, `val_acc`) and predicted once trained; none when absent. */
  readonly validation?: ImageSet;
  /** Predicted and scored once, after training. */
  readonly test: ImageSet;
  readonly classNames: readonly string[];
  /** The dataset's name (`cifar10`, ...), saved in the model's metadata. */
  readonly datasetName: string;
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds the weights, dropout and batch order; random when absent. */
  readonly seed?: number;
  /** Keras verbosity of the training, to stderr; default 0 (silent). */
  readonly verbose?: Verbosity;
  /** Passed to `fit`: a callback may stop training, or throw (a pruned trial) to abandon the model unsaved. */
  readonly callbacks?: readonly Callback[] | CallbackHooks;
  /** Called once the model is trained and its predictions made, before it is disposed; nothing is saved without it. */
  readonly save?: (trained: TrainedArtifacts) => Promise<void>;
}

/** A split's predictions with the labels they are scored against. */
export interface SplitPredictions {
  readonly probabilities: ProbabilityMatrix;
  readonly labels: Uint8Array;
}

/** What `TrainModelOptions.save` gets: the live model, its metadata, its predictions and how training went. */
export interface TrainedArtifacts {
  readonly model: tfl.LayersModel;
  readonly metadata: KilnModelMetadata;
  readonly predictions: { readonly test: SplitPredictions; readonly val?: SplitPredictions };
  /** So a run record can be saved with the model, in the same step. */
  readonly history: History;
  readonly trainSeconds: number;
}

/** The probabilities of a split and their scores. */
export interface ScoredPredictions extends Evaluation {
  readonly probabilities: ProbabilityMatrix;
}

/** What training one model measured; the model itself is disposed by then. */
export interface TrainedModel {
  readonly modelName: string;
  readonly spec: ConvnetSpec;
  readonly parameters: number;
  readonly history: History;
  /** Optimizer steps (batches) taken in all. */
  readonly steps: number;
  /** Wall time of `fit`, validation after each epoch included. */
  readonly trainSeconds: number;
  /** Training images processed per second of `trainSeconds`. */
  readonly imagesPerSecond: number;
  readonly test: ScoredPredictions;
  readonly validation?: ScoredPredictions;
}

/**
 * Builds the convnet `spec` describes, trains it, predicts and scores the validation and test
 * images, lets `save` keep it, and frees every tensor it made: the one path by which `kiln train`,
 * `kiln compare` and the tuning objective train a model.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const { train, validation, test } = options;
  const inputShape = [train.height, train.width, train.channels] as const;
  const model = buildConvnet(options.spec, {
    inputShape,
    numClasses: options.classNames.length,
    seed: options.seed,
  });
  const metadata: KilnModelMetadata = {
    modelName: options.modelName,
    spec: options.spec,
    inputShape,
    classNames: options.classNames,
    dataset: options.datasetName,
  };
  // Checkpoints saved during training are then loadable models, as the final save is.
  model.setUserDefinedMetadata({ kiln: metadata });
  try {
    if ((options.verbose ?? 0) > 0) process.stderr.write(`training ${options.modelName} on ${train.count} images\n`);
    const started = performance.now();
    const history = await fit(model, train, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      validationData: validation,
      verbose: options.verbose ?? 0,
      seed: options.seed,
      callbacks: options.callbacks,
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const testProbabilities = predict(model, test, { batchSize: options.batchSize });
    const valProbabilities = validation && predict(model, validation, { batchSize: options.batchSize });
    await options.save?.({
      model,
      metadata,
      predictions: {
        test: { probabilities: testProbabilities, labels: test.labels },
        ...(validation && valProbabilities && { val: { probabilities: valProbabilities, labels: validation.labels } }),
      },
      history,
      trainSeconds,
    });
    const epochs = history.epoch.length;
    return {
      modelName: options.modelName,
      spec: options.spec,
      parameters: model.countParams(),
      history,
      steps: epochs * Math.ceil(train.count / options.batchSize),
      trainSeconds,
      imagesPerSecond: (epochs * train.count) / trainSeconds,
      test: { probabilities: testProbabilities, ...evaluateProbabilities(testProbabilities, test.labels) },
      ...(validation &&
        valProbabilities && {
          validation: {
            probabilities: valProbabilities,
            ...evaluateProbabilities(valProbabilities, validation.labels),
          },
        }),
    };
  } finally {
    // tfjs-layers disposes only the optimizers it created from a name: one passed as an instance,
    // as compileModel does, keeps its state (Adam's moments, RMSprop's averages) until disposed here.
    model.optimizer.dispose();
    model.dispose();
  }
}
