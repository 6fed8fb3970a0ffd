import type * as tfl from '@tensorflow/tfjs-layers';
import { exampleShape, isImageSet, type Examples, type TablePreprocessing, type Task } from '../data/index.js';
import type { Labels, ProbabilityMatrix } from '../metrics/index.js';
import {
  convnetSource,
  withAugmentation,
  type Augmentation,
  type ConvnetSpec,
  type KilnModelMetadata,
  type ModelContext,
  type ModelSource,
} from '../models/index.js';
import type { Callback, CallbackHooks, History, Verbosity } from '../callbacks/index.js';
import { fit, predict, scoreOutputs, type ClassifierEvaluation, type RegressionEvaluation } from '../training/index.js';

/** One model to build from a spec, train, test and (optionally) save: see `trainModel`. */
export interface TrainModelOptions {
  /** A registry name (`separable`, ...) or the caller's label (`trial-3`); saved in the model's metadata. */
  readonly modelName: string;
  /** A chapter convnet to build; or `source`. */
  readonly spec?: ConvnetSpec;
  /** Any other model (mlp, resnet, a model file, a user's module): built for the data's shape and task. */
  readonly source?: ModelSource;
  readonly train: Examples;
  /** Scored after every epoch (`val_loss`, `val_acc` or `val_mae`) and predicted once trained; none when absent. */
  readonly validation?: Examples;
  /** Predicted and scored once, after training. */
  readonly test: Examples;
  /** Empty for regression. */
  readonly classNames: readonly string[];
  /** Default `classification`. */
  readonly task?: Task;
  /** For tables: the fitted preprocessing, saved with the model. */
  readonly preprocessing?: TablePreprocessing;
  /** The data's `datasetFingerprint`, saved with the model. */
  readonly fingerprint?: string;
  /** Passed to a `source`'s build (a tuning trial for a user's `build(context)`). */
  readonly trial?: unknown;
  /** The dataset's name (`cifar10`, ...), saved in the model's metadata. */
  readonly datasetName: string;
  readonly epochs: number;
  readonly batchSize: number;
  /** Augmentation layers put in front of the model (images only). */
  readonly augment?: Augmentation;
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
  readonly labels: Labels;
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
export type ScoredPredictions = (ClassifierEvaluation | RegressionEvaluation) & {
  readonly probabilities: ProbabilityMatrix;
};

/** What training one model measured; the model itself is disposed by then. */
export interface TrainedModel {
  readonly modelName: string;
  /** For a chapter convnet. */
  readonly spec?: ConvnetSpec;
  readonly parameters: number;
  readonly history: History;
  /** Optimizer steps (batches) taken in all. */
  readonly steps: number;
  /** Wall time of `fit`, validation after each epoch included. */
  readonly trainSeconds: number;
  /** Training examples processed per second of `trainSeconds`. */
  readonly imagesPerSecond: number;
  /** Milliseconds per example of predicting the validation split (else the test split) in batches of batchSize. */
  readonly predictMsPerExample: number;
  readonly test: ScoredPredictions;
  readonly validation?: ScoredPredictions;
}

/**
 * Builds the convnet `spec` describes (or the `source`'s model), trains it, predicts and scores the validation and test
 * images, lets `save` keep it, and frees every tensor it made: the one path by which `kiln train`,
 * `kiln compare` and the tuning objective train a model.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const { train, validation, test } = options;
  const inputShape = exampleShape(train);
  const task = options.task ?? 'classification';
  const context: ModelContext = {
    inputShape,
    outputs: task === 'classification' ? options.classNames.length : 1,
    numClasses: task === 'classification' ? options.classNames.length : 0,
    classNames: options.classNames,
    task,
    seed: options.seed,
    trial: options.trial,
  };
  const source = options.source ?? convnetSource(options.modelName, options.spec!);
  const built = await source.build(context);
  const { optimizer, loss, spec } = built;
  const model = options.augment ? withAugmentation(built.model, options.augment, options.seed) : built.model;
  const metadata: KilnModelMetadata = {
    modelName: options.modelName,
    ...(spec ? { spec } : { optimizer }),
    ...(loss ? { loss } : {}),
    ...(task === 'classification' ? {} : { task }),
    inputShape,
    classNames: options.classNames,
    dataset: options.datasetName,
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    ...(options.preprocessing ? { preprocessing: options.preprocessing } : {}),
  };
  // Checkpoints saved during training are then loadable models, as the final save is.
  model.setUserDefinedMetadata({ kiln: metadata });
  try {
    if ((options.verbose ?? 0) > 0) {
      const examples = isImageSet(train) ? 'images' : 'rows';
      process.stderr.write(`training ${options.modelName} on ${train.count} ${examples}\n`);
    }
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
    const predictStarted = performance.now();
    const testProbabilities = predict(model, test, { batchSize: options.batchSize });
    const testMs = performance.now() - predictStarted;
    const valStarted = performance.now();
    const valProbabilities = validation && predict(model, validation, { batchSize: options.batchSize });
    const predictMsPerExample = validation
      ? (performance.now() - valStarted) / validation.count
      : testMs / Math.max(1, test.count);
    await options.save?.({
      model,
      metadata,
      predictions: {
        test: { probabilities: testProbabilities, labels: labelsOf(test) },
        ...(validation &&
          valProbabilities && { val: { probabilities: valProbabilities, labels: labelsOf(validation) } }),
      },
      history,
      trainSeconds,
    });
    const epochs = history.epoch.length;
    return {
      modelName: options.modelName,
      ...(spec ? { spec } : {}),
      parameters: model.countParams(),
      history,
      steps: epochs * Math.ceil(train.count / options.batchSize),
      trainSeconds,
      imagesPerSecond: (epochs * train.count) / trainSeconds,
      predictMsPerExample,
      test: { probabilities: testProbabilities, ...scoreOutputs(testProbabilities, test) },
      ...(validation &&
        valProbabilities && {
          validation: { probabilities: valProbabilities, ...scoreOutputs(valProbabilities, validation) },
        }),
    };
  } finally {
    // tfjs-layers disposes only the optimizers it created from a name: one passed as an instance,
    // as compileModel does, keeps its state (Adam's moments, RMSprop's averages) until disposed here.
    model.optimizer.dispose();
    model.dispose();
  }
}

/** A split's class labels as trial artifacts keep them (one byte each); a regression split has none. */
function labelsOf(set: Examples): Uint8Array {
  return isImageSet(set) ? set.labels : Uint8Array.from(set.labels);
}
