import type { Distribution } from '../../distributions.js';
import type { SeededRandom } from '../../seededRandom.js';
import { LOG_SQRT_2PI, logNormalMass, truncatedNormalQuantile } from '../../standardNormal.js';
import { NumericAxis } from './numericAxis.js';

export interface ParzenEstimatorParameters {
  readonly considerPrior: boolean;
  /** The prior kernel's weight in the mixture. */
  readonly priorWeight: number;
  /** How much uniform probability each categorical kernel mixes in (shared out over the kernels, as in Optuna). */
  readonly categoricalPriorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
  /** Kernel weights for n observations, oldest first. */
  readonly weights: (n: number) => number[];
  readonly multivariate: boolean;
}

/** Which parameters a recombined draw takes each from its own kernel. */
export type RecombinedParameters = 'all' | 'categorical';

/** Per parameter, one number per observation: the value for numeric parameters, the choice index for categoricals. */
export type ParzenSamples = Record<string, Float64Array>;

interface NumericKernels {
  readonly kind: 'numeric';
  readonly axis: NumericAxis;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log of each truncated kernel's mass inside the axis bounds. */
  readonly logMasses: Float64Array;
  /** Per kernel, log(sqrt(2 pi)) + its log mass: what a continuous kernel's log height subtracts from -z^2/2. */
  readonly logNormalizers: Float64Array;
}

interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly nChoices: number;
  /** nKernels x nChoices, each row a smoothed one-hot distribution. */
  readonly probabilities: Float64Array;
  readonly logProbabilities: Float64Array;
}

type Kernels = NumericKernels | CategoricalKernels;

const MULTIVARIATE_SIGMA0 = 0.2;
/** The continuous kernels' floor in a joint estimator, as a fraction of Scott's bandwidth: this much per dimension, at most SCOTT_FLOOR_MAX. */
const SCOTT_FLOOR_PER_DIMENSION = 0.1;
const SCOTT_FLOOR_MAX = 0.6;
/** In a joint estimator the magic clip divides the range by the kernel count to this power (1 in Optuna); chosen with bench/tuning. */
const JOINT_MAGIC_CLIP_EXPONENT = 1.25;

/**
 * A mixture of one kernel per observation, plus a wide prior kernel, over a joint search space
 * (Optuna 3.x's _ParzenEstimator). Each kernel is a product of truncated Gaussians (numeric
 * parameters) and smoothed categoricals, so sampling picks one kernel and draws every parameter from it.
 */
export class ParzenEstimator {
  private readonly kernels = new Map<string, Kernels>();
  private readonly logWeights: Float64Array;
  private readonly mixture: Float64Array;

  constructor(
    observations: ParzenSamples,
    searchSpace: Readonly<Record<string, Distribution>>,
    parameters: ParzenEstimatorParameters,
  ) {
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
          ? categoricalKernels(values, distribution.choices.length, considerPrior, parameters.categoricalPriorWeight)
          : numericKernels(values, new NumericAxis(distribution), considerPrior, parameters, names.length),
      );
    }
  }

  /**
   * `size` draws. The first `size - recombined` are joint: pick a kernel by weight, then draw each
   * parameter from it. The last `recombined` draw each recombined parameter from its own kernel,
   * picked by weight independently of the other parameters' (the product of the mixture's
   * marginals), so they combine values of different observations. `which` says which parameters
   * recombine: 'all', or 'categorical' (the numeric ones then share one kernel, as in a joint draw,
   * and a space without categoricals, or with one categorical alone, draws exactly as jointly:
   * same values, same random numbers used).
   */
  sample(random: SeededRandom, size: number, recombined = 0, which: RecombinedParameters = 'all'): ParzenSamples {
    const samples: ParzenSamples = {};
    for (const name of this.kernels.keys()) samples[name] = new Float64Array(size);
    const recombines = (kernels: Kernels): boolean => which === 'all' || kernels.kind === 'categorical';
    const sharedInRecombined = [...this.kernels.values()].some((kernels) => !recombines(kernels));
    for (let i = 0; i < size; i++) {
      const joint = i < size - recombined;
      const shared = joint || sharedInRecombined ? random.weightedIndex(this.mixture) : 0;
      for (const [name, kernels] of this.kernels) {
        const k = joint || !recombines(kernels) ? shared : random.weightedIndex(this.mixture);
        samples[name]![i] =
          kernels.kind === 'categorical' ? drawChoice(kernels, k, random) : drawNumber(kernels, k, random);
      }
    }
    return samples;
  }

  /** The mixture's log score at each sample: log mass for stepped and categorical parameters, log kernel height for continuous ones. */
  logPdf(samples: ParzenSamples): Float64Array {
    const nKernels = this.logWeights.length;
    const size = this.kernels.size === 0 ? 0 : samples[this.kernels.keys().next().value!]!.length;
    const joint = new Float64Array(size * nKernels);
    for (let i = 0; i < size; i++) joint.set(this.logWeights, i * nKernels);
    for (const [name, kernels] of this.kernels) {
      const values = samples[name]!;
      for (let i = 0; i < size; i++)
        addKernelLogDensities(kernels, values[i]!, joint.subarray(i * nKernels, (i + 1) * nKernels));
    }
    const result = new Float64Array(size);
    for (let i = 0; i < size; i++) result[i] = logSumExp(joint.subarray(i * nKernels, (i + 1) * nKernels));
    return result;
  }
}

function categoricalKernels(
  values: Float64Array,
  nChoices: number,
  considerPrior: boolean,
  priorWeight: number,
): CategoricalKernels {
  const nKernels = values.length + (considerPrior ? 1 : 0);
  // Every kernel spreads priorWeight / nKernels over all choices (the prior kernel is that alone), then +1 on its observation.
  const probabilities = new Float64Array(nKernels * nChoices).fill(priorWeight / nKernels);
  for (let k = 0; k < values.length; k++) probabilities[k * nChoices + values[k]!]! += 1;
  for (let k = 0; k < nKernels; k++) {
    const row = probabilities.subarray(k * nChoices, (k + 1) * nChoices);
    const sum = row.reduce((s, p) => s + p, 0);
    for (let c = 0; c < nChoices; c++) row[c]! /= sum;
  }
  return { kind: 'categorical', nChoices, probabilities, logProbabilities: probabilities.map(Math.log) };
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

  // Joint (multivariate) estimators: a kernel helps only if draws from it land near good values in
  // every dimension at once, so kernels must widen with the dimension (Scott's rule, n^(-1/(d+4))).
  // Stepped parameters repeat grid values, so their neighbour gaps collapse to zero and the kernels
  // would spike on observed combinations: they get Scott's bandwidth alone, with Optuna's factor
  // shrunk by the cube root of the dimension. Continuous ones keep the neighbour-gap bandwidth
  // (fine where points are dense) but no narrower than Scott's rule over the observations' spread.
  // Both factors were chosen with bench/tuning (see the README's Tuning figures).
  const sigmas = !parameters.multivariate
    ? neighbourSigmas(mus, axis, parameters.considerEndpoints)
    : axis.discrete
      ? new Float64Array(nKernels).fill(
          (MULTIVARIATE_SIGMA0 / Math.cbrt(dimensions)) * Math.max(n, 1) ** (-1 / (dimensions + 4)) * width,
        )
      : widenedToScott(neighbourSigmas(mus, axis, parameters.considerEndpoints), mus, n, dimensions, width);
  if (considerPrior) sigmas[n] = width;
  const maxSigma = width;
  // The magic clip (Hyperopt's and Optuna's) keeps kernels no narrower than the range over the
  // kernel count. A joint estimator's kernels are already kept wide enough to overlap by the Scott
  // floor, so its clip falls faster with the count, which lets the good kernels of a long study
  // close in on their optimum.
  const clipCount = parameters.multivariate && dimensions > 1 ? nKernels ** JOINT_MAGIC_CLIP_EXPONENT : nKernels;
  const minSigma = parameters.considerMagicClip ? width / Math.min(100, 1 + clipCount) : 1e-12;
  const logMasses = new Float64Array(nKernels);
  const logNormalizers = new Float64Array(nKernels);
  for (let k = 0; k < nKernels; k++) {
    sigmas[k] = Math.min(Math.max(sigmas[k]!, minSigma), maxSigma);
    logMasses[k] = logNormalMass((axis.low - mus[k]!) / sigmas[k]!, (axis.high - mus[k]!) / sigmas[k]!);
    // Kernels have equal peak heights (the 1/sigma of a normalized Gaussian is left out), as in
    // Optuna 3.1: wide kernels, around isolated points, then weigh more, which explores more. The
    // benchmark (bench/tuning) finds better points with it: sphere5's median best after 60 trials
    // halves (2.6 -> 1.3 over 30 seeds).
    logNormalizers[k] = LOG_SQRT_2PI + logMasses[k]!;
  }
  return { kind: 'numeric', axis, mus, sigmas, logMasses, logNormalizers };
}

/**
 * Continuous bandwidths of a joint estimator: `sigmas` (the neighbour gaps) widened in place to at
 * least a fraction of Scott's bandwidth over the first `n` kernels' spread (their standard
 * deviation, or `width` for one). The fraction grows with the dimension up to SCOTT_FLOOR_MAX: low-dimensional spaces
 * (Branin) need narrow kernels for precision, higher ones (Hartmann6) kernels that overlap.
 */
function widenedToScott(
  sigmas: Float64Array,
  mus: Float64Array,
  n: number,
  dimensions: number,
  width: number,
): Float64Array {
  let mean = 0;
  for (let k = 0; k < n; k++) mean += mus[k]!;
  mean /= Math.max(n, 1);
  let squares = 0;
  for (let k = 0; k < n; k++) squares += (mus[k]! - mean) ** 2;
  const spread = n > 1 ? Math.sqrt(squares / (n - 1)) : width;
  const fraction = Math.min(SCOTT_FLOOR_PER_DIMENSION * dimensions, SCOTT_FLOOR_MAX);
  const floor = fraction * spread * Math.max(n, 1) ** (-1 / (dimensions + 4));
  for (let k = 0; k < sigmas.length; k++) if (sigmas[k]! < floor) sigmas[k] = floor;
  return sigmas;
}

/** Univariate bandwidths: each kernel as wide as the larger gap to its sorted neighbours (the bounds count as neighbours). */
function neighbourSigmas(mus: Float64Array, axis: NumericAxis, considerEndpoints: boolean): Float64Array {
  const n = mus.length;
  const sorted = new Float64Array(n + 2);
  sorted[0] = axis.low;
  sorted.set(mus, 1);
  sorted[n + 1] = axis.high;
  // A typed array sorts natively, far faster than an index sort through a comparator (this runs
  // for every parameter of both estimators at every trial).
  sorted.subarray(1, n + 1).sort();
  const sigmaAt = (i: number): number => {
    // Without endpoints, the outermost kernels ignore the gap to the bound.
    if (!considerEndpoints && n >= 2 && i === 0) return sorted[2]! - sorted[1]!;
    if (!considerEndpoints && n >= 2 && i === n - 1) return sorted[n]! - sorted[n - 1]!;
    return Math.max(sorted[i + 1]! - sorted[i]!, sorted[i + 2]! - sorted[i + 1]!);
  };
  // Each kernel takes its value's sorted slot; equal values take their run of slots in kernel order.
  const taken = new Uint8Array(n);
  const sigmas = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let i = firstSlotAtLeast(sorted, n, mus[k]!);
    while (taken[i]) i++;
    taken[i] = 1;
    sigmas[k] = sigmaAt(i);
  }
  return sigmas;
}

/** The first i in [0, n) with sorted[i + 1] >= value (sorted[1..n] ascending). */
function firstSlotAtLeast(sorted: Float64Array, n: number, value: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle + 1]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
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
  const nKernels = into.length;
  if (kernels.kind === 'categorical') {
    const { logProbabilities, nChoices } = kernels;
    for (let k = 0; k < nKernels; k++) into[k]! += logProbabilities[k * nChoices + value]!;
    return;
  }
  const { axis, mus, sigmas, logMasses, logNormalizers } = kernels;
  if (axis.discrete) {
    const [low, high] = axis.cell(value);
    for (let k = 0; k < nKernels; k++) {
      into[k]! += logNormalMass((low - mus[k]!) / sigmas[k]!, (high - mus[k]!) / sigmas[k]!) - logMasses[k]!;
    }
    return;
  }
  const x = axis.position(value);
  for (let k = 0; k < nKernels; k++) {
    const z = (x - mus[k]!) / sigmas[k]!;
    into[k]! += -0.5 * z * z - logNormalizers[k]!;
  }
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const gap = values[i]! - max;
    // Terms below e^-40 of the largest change the sum by less than float precision over any realistic kernel count.
    if (gap > -40) sum += Math.exp(gap);
  }
  return max + Math.log(sum);
}
