/**
 * The in-memory shape of an image-classification dataset, as Keras' `load_data()` gives it:
 * images NHWC uint8 (0..255), one integer label per image.
 */
export interface ImageSet {
  /** NHWC pixels, `count * height * width * channels` bytes. */
  readonly images: Uint8Array;
  /** One class index per image. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Whether a model learns classes (softmax, cross-entropy) or numbers (linear output, mean squared error). */
export type Task = 'classification' | 'regression';

/** How regression targets are scaled for training: the model learns `(y - mean) / std`. */
export interface TargetScale {
  readonly mean: number;
  readonly std: number;
}

/**
 * Rows of a table, preprocessed into float32 features (see `TablePreprocessing`), with their
 * targets: class indices for classification, numbers for regression, neither for rows to predict.
 */
export interface TableSet {
  /** Row-major, `count * featureCount` values. */
  readonly features: Float32Array;
  readonly featureCount: number;
  readonly count: number;
  /** Classification: each row's class index; otherwise empty. */
  readonly labels: Int32Array;
  /** Regression: each row's target; otherwise empty. */
  readonly values: Float32Array;
  /** Regression: how targets are scaled for the model (and predictions scaled back). */
  readonly targetScale?: TargetScale;
}

/**
 * Examples a model trains on, is tested on or predicts, read batch by batch: images stay uint8
 * (a batch at a time becomes float32, so large image sets fit in memory), table rows are float32.
 */
export type Examples = ImageSet | TableSet;

/**
 * A dataset: training and test examples and what they are. CIFAR-10, Fashion-MNIST, an image
 * folder and a table all load into this one shape, which `fit`, `evaluate`, `predict`, tuning
 * and ensembling take.
 */
export interface Dataset<S extends Examples = Examples> {
  /** `cifar10`, `fashion-mnist`, or the path the data was read from. */
  readonly name: string;
  readonly train: S;
  readonly test: S;
  /** The class names, by class index; empty for regression. */
  readonly classNames: readonly string[];
  /** Default `classification`. */
  readonly task?: Task;
  /** For tables: the fitted preprocessing that turns raw rows into features (save it with the model). */
  readonly preprocessing?: TablePreprocessing;
  /** Table rows left out because their target is missing. */
  readonly droppedRows?: number;
  /** Images a loader skipped (`skipBadImages`), each with its reason. */
  readonly skipped?: readonly SkippedFile[];
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** `(xTrain, yTrain), (xTest, yTest)` plus the class names. */
export type ImageDataset = Dataset<ImageSet>;

/** A numeric column: standardized with the training rows' mean and standard deviation. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** Also the value missing cells are imputed with (mean imputation), so they standardize to 0. */
  readonly mean: number;
  readonly std: number;
  /** Whether a 0/1 "was missing" feature follows (the training rows had missing values here). */
  readonly indicator: boolean;
}

/** A string column: one-hot over the training rows' categories; an unseen category is all zeros. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  /** What missing cells are imputed with. */
  readonly mostFrequent: string;
  readonly indicator: boolean;
}

/**
 * What turns raw table rows into model features, fitted on the training rows only (as
 * scikit-learn's `StandardScaler`, `OneHotEncoder(handle_unknown='ignore')` and
 * `SimpleImputer(add_indicator=True)` in a `ColumnTransformer`). Plain JSON: saved with the model
 * so raw rows can be predicted later.
 */
export interface TablePreprocessing {
  readonly format: 'kiln-table-preprocessing';
  readonly target: string;
  readonly task: Task;
  /** Classification: the target's classes, sorted. */
  readonly classNames: readonly string[];
  /** Regression: how the target is scaled for the model. */
  readonly targetScale?: TargetScale;
  readonly columns: readonly (NumericColumn | CategoricalColumn)[];
  /** One name per feature: `column`, `column=category`, `column (missing)`. */
  readonly featureNames: readonly string[];
}
