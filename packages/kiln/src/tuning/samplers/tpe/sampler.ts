import type { Distribution, ParamValue } from '../../distributions.js';
import { isSingleValued } from '../../distributionRules.js';
import type { FrozenTrial } from '../../frozenTrial.js';
import { SeededRandom } from '../../seededRandom.js';
import type { StudyView } from '../../studyView.js';
import type { Sampler } from '../base.js';
import { sampleUniformly } from '../random.js';
import { splitMultiObjective } from './multiObjectiveSplit.js';
import { collectObservations, splitObservations, type ObservationSplit } from './observations.js';
import {
  ParzenEstimator,
  type ParzenEstimatorParameters,
  type ParzenSamples,
  type RecombinedParameters,
} from './parzenEstimator.js';
import { groupDecomposedSearchSpace, intersectionSearchSpace } from './searchSpaces.js';

/** A split where the best `fraction` of n trials, at most `max`, form the "good" density; Optuna's default is linearGamma(0.1). */
export function linearGamma(fraction: number, max = 25): (n: number) => number {
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`linearGamma: fraction must be in (0, 1], got ${fraction}`);
  return (n) => Math.min(Math.ceil(fraction * n), max);
}

// A little more than Optuna's 10% as good: the good density of mixed, categorical and conditional
// spaces gets a second kernel sooner, which bench/tuning rewards there (see the README's Tuning figures).
export const GAMMA_FRACTION = 0.125;

/** Kiln's default split: the best 12.5% of trials, at most 25 (Optuna's takes 10%; see GAMMA_FRACTION). */
export const defaultGamma: (n: number) => number = linearGamma(GAMMA_FRACTION);

/** Optuna's default kernel weights: the newest 25 observations weigh 1, older ones ramp down linearly. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

// Chosen with bench/tuning (30 seeds, 30/60/100 trials, continuous, mixed, categorical, conditional
// and integer spaces): see the README's Tuning figures.
export const PRIOR_WEIGHT = 1;
export const CATEGORICAL_PRIOR_WEIGHT = 1;
// Every EI candidate takes each categorical parameter from its own good kernel, the numeric ones
// from one shared kernel: the categorical and mixed spaces of bench/tuning gain, and spaces without
// categoricals sample exactly as without recombination (see the README's Tuning figures).
export const RECOMBINATION = 1;
export const RECOMBINED_PARAMETERS: RecombinedParameters = 'categorical';
// Good kernels weighted by their improvement: the joint models of bench/tuning find better points
// on nearly every function, while the one-parameter models of its conditional space lost (see the
// README's Tuning figures).
export const EI_WEIGHTS = true;

export interface TPESamplerOptions {
  readonly considerPrior?: boolean;
  /**
   * The weight of the prior kernel (the whole range) in each Parzen mixture, against 1 for each
   * observation; more explores more. PRIOR_WEIGHT by default (Optuna's is 1).
   */
  readonly priorWeight?: number;
  /**
   * How much uniform probability the categorical kernels mix in (Optuna uses priorWeight for both);
   * CATEGORICAL_PRIOR_WEIGHT by default.
   */
  readonly categoricalPriorWeight?: number;
  readonly considerMagicClip?: boolean;
  readonly considerEndpoints?: boolean;
  /** Trials sampled at random before TPE starts modelling. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from the good density; the one with the best good/bad ratio wins. */
  readonly nEiCandidates?: number;
  /**
   * The share of the EI candidates (in [0, 1]) whose parameters (those of recombinedParameters) are
   * drawn each from its own good kernel rather than all from one (the product of the good density's
   * marginals), so that a candidate can combine different good trials' values, as Optuna's
   * independent sampling does; the joint good/bad ratio still scores every candidate. Only
   * parameters modelled together are combined (one group of a conditional space at a time).
   * RECOMBINATION (every candidate) by default.
   */
  readonly recombination?: number;
  /**
   * Which parameters the recombined candidates combine: RECOMBINED_PARAMETERS ('categorical': the
   * numeric ones come from one shared kernel, as without recombination) by default, or 'all'. In
   * bench/tuning recombining the numeric parameters too costs the continuous functions (see the README).
   */
  readonly recombinedParameters?: RecombinedParameters;
  /**
   * Weigh each good trial's kernel by how far its value is better than the best trial left out of
   * the good group (Watanabe 2023's expected-improvement weights; the prior kernel weighs their
   * mean times priorWeight) instead of by `weights`, where TPE models several parameters jointly
   * in a single-objective study whose good group and threshold are COMPLETE trials. EI_WEIGHTS (on)
   * by default.
   */
  readonly eiWeights?: boolean;
  /** How many of n observations count as good; defaultGamma (the best 12.5%, at most 25) by default. */
  readonly gamma?: (n: number) => number;
  readonly weights?: (n: number) => number[];
  readonly seed?: number;
  /**
   * Model the parameters every finished trial sampled jointly instead of one by one. On by default,
   * unlike Optuna's: in bench/tuning the joint model finds better points on every test function.
   * Multi-objective studies sample one parameter at a time unless this is `true`: there the joint
   * model narrows the front (bench/tuning/multiObjective.ts).
   */
  readonly multivariate?: boolean;
  /** With multivariate: model each group of parameters that appear together jointly (conditional spaces). */
  readonly group?: boolean;
  /** Count other RUNNING trials as bad, so parallel workers do not propose the same point. */
  readonly constantLiar?: boolean;
}

/**
 * Tree-structured Parzen Estimator (Optuna 3.x's TPESampler): after `nStartupTrials` random trials,
 * it fits one Parzen density to the best trials and one to the rest, draws candidates from the
 * first and keeps the one that maximizes their ratio. In a multi-objective study the best trials
 * are chosen by Pareto rank and hypervolume (MOTPE, see multiObjectiveSplit.ts). A seeded sampler repeats its trials exactly
 * when trials run one at a time (concurrent trials interleave their draws).
 */
export class TPESampler implements Sampler {
  private readonly random: SeededRandom;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly recombination: number;
  private readonly recombinedParameters: RecombinedParameters;
  private readonly eiWeights: boolean;
  private readonly gamma: (n: number) => number;
  private readonly multivariate: boolean;
  private readonly multivariateWhenMultiObjective: boolean;
  private readonly group: boolean;
  private readonly constantLiar: boolean;
  private readonly estimatorParameters: ParzenEstimatorParameters;

  constructor(options: TPESamplerOptions = {}) {
    if (options.group && options.multivariate === false)
      throw new RangeError('TPESampler: group needs multivariate: true');
    this.random = new SeededRandom(options.seed);
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    this.recombination = options.recombination ?? RECOMBINATION;
    if (!(this.recombination >= 0 && this.recombination <= 1))
      throw new RangeError(`TPESampler: recombination must be a share in [0, 1], got ${options.recombination}`);
    this.recombinedParameters = options.recombinedParameters ?? RECOMBINED_PARAMETERS;
    if (this.recombinedParameters !== 'all' && this.recombinedParameters !== 'categorical')
      throw new RangeError(
        `TPESampler: recombinedParameters must be 'all' or 'categorical', got ${String(options.recombinedParameters)}`,
      );
    this.eiWeights = options.eiWeights ?? EI_WEIGHTS;
    this.gamma = options.gamma ?? defaultGamma;
    this.multivariate = options.multivariate ?? true;
    this.multivariateWhenMultiObjective = options.multivariate === true;
    this.group = options.group ?? false;
    this.constantLiar = options.constantLiar ?? false;
    this.estimatorParameters = {
      considerPrior: options.considerPrior ?? true,
      priorWeight: options.priorWeight ?? PRIOR_WEIGHT,
      categoricalPriorWeight: options.categoricalPriorWeight ?? CATEGORICAL_PRIOR_WEIGHT,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
      multivariate: this.multivariate,
    };
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    if (!this.multivariate) return {};
    if (study.directions.length > 1 && !this.multivariateWhenMultiObjective) return {};
    const trials = study.getTrials(['COMPLETE', 'PRUNED']);
    if (!this.group) return intersectionSearchSpace(trials);
    return Object.assign({}, ...groupDecomposedSearchSpace(trials)) as Record<string, Distribution>;
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    if (Object.keys(searchSpace).length === 0) return {};
    const spaces = this.group
      ? groupDecomposedSearchSpace(study.getTrials(['COMPLETE', 'PRUNED'])).map((group) =>
          Object.fromEntries(Object.entries(group).filter(([name]) => name in searchSpace)),
        )
      : [searchSpace];
    return Object.assign({}, ...spaces.map((space) => this.sampleJointly(study, trial, space) ?? {})) as Record<
      string,
      ParamValue
    >;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (isSingleValued(distribution)) return sampleUniformly(this.random, distribution);
    return (
      this.sampleJointly(study, trial, { [name]: distribution })?.[name] ?? sampleUniformly(this.random, distribution)
    );
  }

  /** TPE over `searchSpace`, or null while the study has fewer than nStartupTrials finished trials. */
  private sampleJointly(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, ParamValue> | null {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    // The start-up phase is the study's, as in Optuna: a parameter of a rarely taken branch is
    // modelled from its few observations (and the prior) once the study has nStartupTrials, instead
    // of staying random until that branch alone has them.
    if (study.getTrials(['COMPLETE', 'PRUNED']).length < this.nStartupTrials) return null;
    let split: ObservationSplit;
    if (study.directions.length > 1)
      split = splitMultiObjective(study, searchSpace, trial.trialId, this.constantLiar, this.gamma);
    else {
      const observations = collectObservations(
        study.getTrials(),
        searchSpace,
        study.direction,
        trial.trialId,
        this.constantLiar,
      );
      split = splitObservations(observations, this.gamma(observations.finished), this.eiWeights && names.length > 1);
    }
    const [below, above] = split.split;
    const good = new ParzenEstimator(below, searchSpace, split.goodParameters(this.estimatorParameters));
    const bad = new ParzenEstimator(above, searchSpace, split.badParameters(this.estimatorParameters));
    const candidates = good.sample(
      this.random,
      this.nEiCandidates,
      Math.round(this.recombination * this.nEiCandidates),
      this.recombinedParameters,
    );
    const goodLog = good.logPdf(candidates);
    const badLog = bad.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < goodLog.length; i++) if (goodLog[i]! - badLog[i]! > goodLog[best]! - badLog[best]!) best = i;
    return decode(candidates, best, searchSpace);
  }
}

function decode(
  samples: ParzenSamples,
  index: number,
  searchSpace: Record<string, Distribution>,
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [name, distribution] of Object.entries(searchSpace)) {
    const value = samples[name]![index]!;
    params[name] = distribution.type === 'categorical' ? distribution.choices[value]! : value;
  }
  return params;
}
