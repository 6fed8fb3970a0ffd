import type { Distribution } from '../../distributions.js';
import type { SeededRandom } from '../../seededRandom.js';
import { logNormalMass, logPhi, truncatedNormalQuantile } from '../../standardNormal.js';
import { NumericAxis } from './numericAxis.js';

export interface ParzenEstimatorParameters {
  readonly considerPrior: boolean;
  readonly priorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
  /** Kernel weights for n observations, oldest first. */
  readonly weights: (n: number) => number[];
  readonly multivariate: boolean;
}

/** Per parameter, one number per observation: the value for numeric parameters, the choice index for categoricals. */
export type ParzenSamples = Record<string, Float64Array>;

interface NumericKernels {
  readonly kind: 'numeric';
  readonly axis: NumericAxis;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log of each truncated kernel's mass inside the axis bounds. */
  readonly logMasses: Float64Array;
}

interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly nChoices: number;
  /** nKernels x nChoices, each row a smoothed one-hot distribution. */
  readonly probabilities: Float64Array;
}

type Kernels = NumericKernels | CategoricalKernels;

const MULTIVARIATE_SIGMA0 = 0.2;

/**
 * A mixture of one kernel per observation, plus a wide prior kernel, over a joint search space
 * (Optuna 3.x's _ParzenEstimator). Each kernel is a product of truncated Gaussians (numeric
 * parameters) and smoothed categoricals, so sampling picks one kernel and draws every parameter from it.
 */
export class ParzenEstimator {
  private readonly kernels = new Map<string, Kernels>();
  private readonly logWeights: Float64Array;
  private readonly mixture: Float64Array;

  constructor(observations: ParzenSamples, searchSpace: Readonly<Record<string, Distribution>>, parameters: ParzenEstimatorParameters) {
    const names = Object.keys(searchSpace);
    const nObservations = names.length === 0 ? 0 : observations[names[0]!]!.length;
    const considerPrior = parameters.considerPrior || nObservations === 0;
    const nKernels = nObservations + (considerPrior ? 1 : 0);

    this.mixture = new Float64Array(nKernels);
    this.mixture.set(parameters.weights(nObservations));
    if (considerPrior) this.mixture[nObservations] = parameters.priorWeight;
    const total = this.mixture.reduce((sum, w) => sum + w, 0);
    this.logWeights = this.mixture.map((w) => Math.log(w / total));

    for (const name of names) {
      const distribution = searchSpace[name]!;
      const values = observations[name]!;
      this.kernels.set(
        name,
        distribution.type === 'categorical'
          ? categoricalKernels(values, distribution.choices.length, considerPrior, parameters.priorWeight)
          : numericKernels(values, new NumericAxis(distribution), considerPrior, parameters, names.length),
      );
    }
  }

  /** `size` joint draws: pick a kernel by weight, then draw each parameter from it. */
  sample(random: SeededRandom, size: number): ParzenSamples {
    const samples: ParzenSamples = {};
    for (const name of this.kernels.keys()) samples[name] = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const k = random.weightedIndex(this.mixture);
      for (const [name, kernels] of this.kernels) {
        samples[name]![i] = kernels.kind === 'categorical' ? drawChoice(kernels, k, random) : drawNumber(kernels, k, random);
      }
    }
    return samples;
  }

  /** The mixture's log density (log mass for stepped and categorical parameters) at each sample. */
  logPdf(samples: ParzenSamples): Float64Array {
    const nKernels = this.logWeights.length;
    const size = this.kernels.size === 0 ? 0 : samples[this.kernels.keys().next().value!]!.length;
    const joint = new Float64Array(size * nKernels);
    for (let i = 0; i < size; i++) joint.set(this.logWeights, i * nKernels);
    for (const [name, kernels] of this.kernels) {
      const values = samples[name]!;
      for (let i = 0; i < size; i++) addKernelLogDensities(kernels, values[i]!, joint.subarray(i * nKernels, (i + 1) * nKernels));
    }
    const result = new Float64Array(size);
    for (let i = 0; i < size; i++) result[i] = logSumExp(joint.subarray(i * nKernels, (i + 1) * nKernels));
    return result;
  }
}

function categoricalKernels(values: Float64Array, nChoices: number, considerPrior: boolean, priorWeight: number): CategoricalKernels {
  const nKernels = values.length + (considerPrior ? 1 : 0);
  // Every kernel spreads priorWeight / nKernels over all choices (the prior kernel is that alone), then +1 on its observation.
  const probabilities = new Float64Array(nKernels * nChoices).fill(priorWeight / nKernels);
  for (let k = 0; k < values.length; k++) probabilities[k * nChoices + values[k]!]! += 1;
  for (let k = 0; k < nKernels; k++) {
    const row = probabilities.subarray(k * nChoices, (k + 1) * nChoices);
    const sum = row.reduce((s, p) => s + p, 0);
    for (let c = 0; c < nChoices; c++) row[c]! /= sum;
  }
  return { kind: 'categorical', nChoices, probabilities };
}

function numericKernels(
  values: Float64Array,
  axis: NumericAxis,
  considerPrior: boolean,
  parameters: ParzenEstimatorParameters,
  dimensions: number,
): NumericKernels {
  const n = values.length;
  const nKernels = n + (considerPrior ? 1 : 0);
  const width = axis.high - axis.low;
  const mus = new Float64Array(nKernels);
  for (let k = 0; k < n; k++) mus[k] = axis.position(values[k]!);
  if (considerPrior) mus[n] = 0.5 * (axis.low + axis.high);

  const sigmas = parameters.multivariate
    ? new Float64Array(nKernels).fill(MULTIVARIATE_SIGMA0 * Math.max(n, 1) ** (-1 / (dimensions + 4)) * width)
    : neighbourSigmas(mus, axis, parameters.considerEndpoints);
  if (considerPrior) sigmas[n] = width;
  const maxSigma = width;
  const minSigma = parameters.considerMagicClip ? width / Math.min(100, 1 + nKernels) : 1e-12;
  const logMasses = new Float64Array(nKernels);
  for (let k = 0; k < nKernels; k++) {
    sigmas[k] = Math.min(Math.max(sigmas[k]!, minSigma), maxSigma);
    logMasses[k] = logNormalMass((axis.low - mus[k]!) / sigmas[k]!, (axis.high - mus[k]!) / sigmas[k]!);
  }
  return { kind: 'numeric', axis, mus, sigmas, logMasses };
}

/** Univariate bandwidths: each kernel as wide as the larger gap to its sorted neighbours (the bounds count as neighbours). */
function neighbourSigmas(mus: Float64Array, axis: NumericAxis, considerEndpoints: boolean): Float64Array {
  const order = Array.from(mus.keys()).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = [axis.low, ...order.map((k) => mus[k]!), axis.high];
  const sigmas = new Float64Array(mus.length);
  const sortedSigmas = order.map((_, i) => Math.max(sorted[i + 1]! - sorted[i]!, sorted[i + 2]! - sorted[i + 1]!));
  if (!considerEndpoints && sorted.length >= 4) {
    sortedSigmas[0] = sorted[2]! - sorted[1]!;
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2]! - sorted[sorted.length - 3]!;
  }
  order.forEach((k, i) => (sigmas[k] = sortedSigmas[i]!));
  return sigmas;
}

function drawChoice(kernels: CategoricalKernels, k: number, random: SeededRandom): number {
  return random.weightedIndex(kernels.probabilities.subarray(k * kernels.nChoices, (k + 1) * kernels.nChoices));
}

function drawNumber(kernels: NumericKernels, k: number, random: SeededRandom): number {
  const { axis } = kernels;
  const mu = kernels.mus[k]!;
  const sigma = kernels.sigmas[k]!;
  const z = truncatedNormalQuantile((axis.low - mu) / sigma, (axis.high - mu) / sigma, random.random());
  return axis.valueAt(mu + sigma * z);
}

/** Adds, for every kernel, the log density (or log mass) it gives `value`. */
function addKernelLogDensities(kernels: Kernels, value: number, into: Float64Array): void {
  if (kernels.kind === 'categorical') {
    for (let k = 0; k < into.length; k++) into[k]! += Math.log(kernels.probabilities[k * kernels.nChoices + value]!);
    return;
  }
  const { axis, mus, sigmas, logMasses } = kernels;
  if (axis.discrete) {
    const [low, high] = axis.cell(value);
    for (let k = 0; k < into.length; k++) {
      into[k]! += logNormalMass((low - mus[k]!) / sigmas[k]!, (high - mus[k]!) / sigmas[k]!) - logMasses[k]!;
    }
    return;
  }
  const x = axis.position(value);
  for (let k = 0; k < into.length; k++) {
    into[k]! += logPhi((x - mus[k]!) / sigmas[k]!) - Math.log(sigmas[k]!) - logMasses[k]!;
  }
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}
