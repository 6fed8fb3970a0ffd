import type { Task } from '../data/index.js';

/**
 * What a model builder is told about the data it will train on: `build(context)` in a user's
 * module, and Kiln's own `mlp` and `resnet`. When tuning, `trial` is the Optuna-style trial to
 * draw hyperparameters from (`await context.trial.suggestInt('units', 16, 256)`).
 */
export interface ModelContext<Trial = unknown> {
  /** One example's shape: `[height, width, channels]` or `[features]`. */
  readonly inputShape: readonly number[];
  /** Output units: the number of classes, or 1 for regression. */
  readonly outputs: number;
  /** The number of classes (0 for regression). */
  readonly numClasses: number;
  readonly classNames: readonly string[];
  readonly task: Task;
  /** Seeds the weight initializers and dropout. */
  readonly seed?: number;
  /** Set while tuning. */
  readonly trial?: Trial;
}
