import { minimizeLbfgs, type LbfgsResult } from './lbfgs.js';
import type { Labels, ProbabilityMatrix } from '../metrics/probabilityMatrix.js';

export interface SoftmaxRegressionOptions {
  /** L2 penalty on the coefficients (not the intercepts), added to the mean cross-entropy as l2/2 * ||W||^2. */
  readonly l2?: number;
  readonly maxIterations?: number;
}

/**
 * Multinomial logistic regression: P(class | x) = softmax(z W + b) with z the features
 * standardized by the mean and standard deviation `fit` saw, fitted by L-BFGS on the mean
 * cross-entropy plus an L2 penalty. Standardizing makes the penalty treat every feature alike and
 * keeps the problem well conditioned (log-probabilities span [-16, 0]). `parameters` holds W
 * row-major (`inputs` x `classes`) followed by b (`classes`).
 */
export class SoftmaxRegression {
  readonly l2: number;
  readonly maxIterations: number;
  parameters: Float64Array;
  /** Per-input mean and standard deviation the features are standardized with (0 and 1 until `fit`). */
  featureMeans: Float64Array;
  featureScales: Float64Array;

  constructor(
    readonly inputs: number,
    readonly classes: number,
    options: SoftmaxRegressionOptions = {},
  ) {
    this.l2 = options.l2 ?? 1e-3;
    this.maxIterations = options.maxIterations ?? 500;
    if (!(this.l2 >= 0)) throw new Error(`l2 must be non-negative, got ${this.l2}`);
    this.parameters = new Float64Array((inputs + 1) * classes);
    this.featureMeans = new Float64Array(inputs);
    this.featureScales = new Float64Array(inputs).fill(1);
  }

  /** Fits on `features` (rows x inputs, row-major) and returns how the optimizer ended. */
  fit(rawFeatures: Float64Array, labels: Labels): LbfgsResult {
    const rows = this.rowsOf(rawFeatures);
    if (labels.length !== rows) throw new Error(`got ${labels.length} labels for ${rows} feature rows`);
    this.learnStandardization(rawFeatures, rows);
    const features = this.standardize(rawFeatures);
    const { inputs, classes, l2 } = this;
    const biasOffset = inputs * classes;
    const probabilities = new Float64Array(classes);
    const result = minimizeLbfgs(
      (parameters, gradient) => {
        gradient.fill(0);
        let loss = 0;
        for (let row = 0; row < rows; row++) {
          this.rowProbabilities(parameters, features, row, probabilities);
          const label = labels[row];
          loss -= Math.log(Math.max(probabilities[label], 1e-300));
          probabilities[label] -= 1;
          const x = row * inputs;
          for (let i = 0; i < inputs; i++) {
            const feature = features[x + i];
            for (let k = 0; k < classes; k++) gradient[i * classes + k] += feature * probabilities[k];
          }
          for (let k = 0; k < classes; k++) gradient[biasOffset + k] += probabilities[k];
        }
        let penalty = 0;
        for (let p = 0; p < gradient.length; p++) {
          gradient[p] /= rows;
          if (p < biasOffset) {
            penalty += parameters[p] * parameters[p];
            gradient[p] += l2 * parameters[p];
          }
        }
        return loss / rows + 0.5 * l2 * penalty;
      },
      this.parameters,
      { maxIterations: this.maxIterations },
    );
    this.parameters = result.x;
    return result;
  }

  /** Class probabilities for `features` (rows x inputs, row-major). */
  predictProbabilities(rawFeatures: Float64Array): ProbabilityMatrix {
    const rows = this.rowsOf(rawFeatures);
    const features = this.standardize(rawFeatures);
    const { classes } = this;
    const data = new Float32Array(rows * classes);
    const probabilities = new Float64Array(classes);
    for (let row = 0; row < rows; row++) {
      this.rowProbabilities(this.parameters, features, row, probabilities);
      data.set(probabilities, row * classes);
    }
    return { data, rows, classes };
  }

  private learnStandardization(features: Float64Array, rows: number): void {
    const { inputs } = this;
    this.featureMeans = new Float64Array(inputs);
    this.featureScales = new Float64Array(inputs);
    for (let row = 0; row < rows; row++)
      for (let i = 0; i < inputs; i++) this.featureMeans[i] += features[row * inputs + i] / rows;
    for (let row = 0; row < rows; row++) {
      for (let i = 0; i < inputs; i++)
        this.featureScales[i] += (features[row * inputs + i] - this.featureMeans[i]) ** 2 / rows;
    }
    // A constant feature keeps scale 1 rather than dividing by zero.
    for (let i = 0; i < inputs; i++) this.featureScales[i] = Math.sqrt(this.featureScales[i]) || 1;
  }

  private standardize(features: Float64Array): Float64Array {
    const { inputs, featureMeans, featureScales } = this;
    return features.map((value, index) => (value - featureMeans[index % inputs]) / featureScales[index % inputs]);
  }

  private rowsOf(features: Float64Array): number {
    if (features.length % this.inputs !== 0) {
      throw new Error(`${features.length} feature values do not split into rows of ${this.inputs} inputs`);
    }
    return features.length / this.inputs;
  }

  /** softmax(x W + b) for one row, written into `out`. */
  private rowProbabilities(parameters: Float64Array, features: Float64Array, row: number, out: Float64Array): void {
    const { inputs, classes } = this;
    const biasOffset = inputs * classes;
    for (let k = 0; k < classes; k++) out[k] = parameters[biasOffset + k];
    const x = row * inputs;
    for (let i = 0; i < inputs; i++) {
      const feature = features[x + i];
      for (let k = 0; k < classes; k++) out[k] += feature * parameters[i * classes + k];
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) max = Math.max(max, out[k]);
    let total = 0;
    for (let k = 0; k < classes; k++) {
      out[k] = Math.exp(out[k] - max);
      total += out[k];
    }
    for (let k = 0; k < classes; k++) out[k] /= total;
  }
}
