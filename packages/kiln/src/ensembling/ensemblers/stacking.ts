import type { EnsembleShape, EnsemblerState } from './base.js';
import { Ensembler } from './base.js';
import { clipProbability } from '../../metrics/classification.js';
import type { Labels, ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';
import { SoftmaxRegression } from '../softmaxRegression.js';

/** What the stacker sees of each member: its probabilities, or their logs (clipped). */
export type StackingFeatures = 'probabilities' | 'logProbabilities';

export interface StackingOptions {
  readonly features?: StackingFeatures;
  /** L2 penalty of the softmax regression. */
  readonly l2?: number;
  /** K of the K-fold cross-validation that produces the out-of-fold predictions. */
  readonly folds?: number;
}

export interface StackingState extends EnsemblerState {
  readonly method: 'stack';
  readonly features: StackingFeatures;
  readonly l2: number;
  readonly folds: number;
  /** The softmax regression's W (memberCount * classes rows x classes) then b, row-major. */
  readonly parameters: readonly number[];
  /** Per-feature mean and standard deviation the regression standardizes its inputs with. */
  readonly featureMeans: readonly number[];
  readonly featureScales: readonly number[];
}

/**
 * Stacking: a softmax regression (L2) on the members' concatenated validation predictions.
 * `fit` first runs K-fold cross-validation over the validation rows (row i is in fold i mod K),
 * so that `outOfFoldPredictions` for each row come from a stacker that never saw that row --
 * honest validation figures -- then refits on all rows for `predict`.
 */
export class StackingEnsembler extends Ensembler<StackingState> {
  readonly method = 'stack';
  readonly features: StackingFeatures;
  readonly l2: number;
  readonly folds: number;
  private regression: SoftmaxRegression | null = null;
  /** The stacker's out-of-fold probabilities for the validation rows of the last `fit`. */
  outOfFoldPredictions: ProbabilityMatrix | null = null;

  constructor(options: StackingOptions = {}) {
    super();
    this.features = options.features ?? 'logProbabilities';
    this.l2 = options.l2 ?? 1e-3;
    this.folds = options.folds ?? 5;
    if (!Number.isInteger(this.folds) || this.folds < 2)
      throw new Error(`stacking needs folds >= 2, got ${this.folds}`);
  }

  static fromState(state: StackingState): StackingEnsembler {
    const ensembler = new StackingEnsembler(state);
    const inputs = state.memberCount * state.classes;
    const regression = new SoftmaxRegression(inputs, state.classes, { l2: state.l2 });
    if (state.parameters.length !== regression.parameters.length) {
      throw new Error(
        `stacking state has ${state.parameters.length} parameters but ${state.memberCount} members of ${state.classes} classes need ${regression.parameters.length}`,
      );
    }
    if (
      state.featureMeans.length !== inputs ||
      state.featureScales.length !== inputs ||
      state.featureScales.some((scale) => !(scale > 0))
    ) {
      throw new Error(
        `stacking state needs ${inputs} feature means and ${inputs} positive feature scales, one per member class`,
      );
    }
    regression.parameters = Float64Array.from(state.parameters);
    regression.featureMeans = Float64Array.from(state.featureMeans);
    regression.featureScales = Float64Array.from(state.featureScales);
    ensembler.regression = regression;
    ensembler.shape = { memberCount: state.memberCount, classes: state.classes };
    return ensembler;
  }

  protected fitValidated(members: readonly ProbabilityMatrix[], labels: Labels): void {
    const { rows, classes } = members[0];
    if (rows < this.folds)
      throw new Error(`stacking with ${this.folds} folds needs at least ${this.folds} validation rows, got ${rows}`);
    const inputs = members.length * classes;
    const features = this.featuresOf(members);
    const outOfFold = new Float32Array(rows * classes);
    for (let fold = 0; fold < this.folds; fold++) {
      const trainRows: number[] = [];
      const heldOutRows: number[] = [];
      for (let row = 0; row < rows; row++) (row % this.folds === fold ? heldOutRows : trainRows).push(row);
      const regression = new SoftmaxRegression(inputs, classes, { l2: this.l2 });
      regression.fit(
        selectRows(features, inputs, trainRows),
        Int32Array.from(trainRows, (row) => labels[row]),
      );
      const predicted = regression.predictProbabilities(selectRows(features, inputs, heldOutRows));
      heldOutRows.forEach((row, i) =>
        outOfFold.set(predicted.data.subarray(i * classes, (i + 1) * classes), row * classes),
      );
    }
    this.outOfFoldPredictions = { data: outOfFold, rows, classes };
    this.regression = new SoftmaxRegression(inputs, classes, { l2: this.l2 });
    this.regression.fit(features, labels);
  }

  protected predictValidated(members: readonly ProbabilityMatrix[]): ProbabilityMatrix {
    if (this.regression === null) throw new Error(`the 'stack' ensemble is not fitted: call fit first`);
    return this.regression.predictProbabilities(this.featuresOf(members));
  }

  protected stateOf(shape: EnsembleShape): StackingState {
    if (this.regression === null) throw new Error(`the 'stack' ensemble is not fitted: call fit first`);
    return {
      method: this.method,
      ...shape,
      features: this.features,
      l2: this.l2,
      folds: this.folds,
      parameters: Array.from(this.regression.parameters),
      featureMeans: Array.from(this.regression.featureMeans),
      featureScales: Array.from(this.regression.featureScales),
    };
  }

  /** Row r holds member 0's classes, then member 1's, ...: rows x (memberCount * classes). */
  private featuresOf(members: readonly ProbabilityMatrix[]): Float64Array {
    const { rows, classes } = members[0];
    const inputs = members.length * classes;
    const features = new Float64Array(rows * inputs);
    const transform =
      this.features === 'logProbabilities' ? (p: number) => Math.log(clipProbability(p)) : (p: number) => p;
    members.forEach((member, m) => {
      for (let row = 0; row < rows; row++) {
        for (let k = 0; k < classes; k++)
          features[row * inputs + m * classes + k] = transform(member.data[row * classes + k]);
      }
    });
    return features;
  }
}

function selectRows(features: Float64Array, inputs: number, rows: readonly number[]): Float64Array {
  const selected = new Float64Array(rows.length * inputs);
  rows.forEach((row, i) => selected.set(features.subarray(row * inputs, (row + 1) * inputs), i * inputs));
  return selected;
}
