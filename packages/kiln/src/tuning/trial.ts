import type { CategoricalChoice, Distribution, ParamValue } from './distributions.js';
import {
  categoricalDistribution,
  describeDistribution,
  distributionContains,
  distributionsEqual,
  floatDistribution,
  intDistribution,
  type NumericSuggestOptions,
} from './distributionRules.js';
import type { FrozenTrial, JsonValue } from './frozenTrial.js';
import type { Pruner } from './pruners/base.js';
import type { Sampler } from './samplers/base.js';
import type { Storage } from './storages/base.js';
import type { StudyView } from './studyView.js';

/** What a trial needs from its study (kept narrow so a Trial does not depend on the Study class). */
export interface TrialContext {
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** How many objectives the study has: pruning is for single-objective studies. */
  readonly objectiveCount: number;
  /** The study as the sampler should see it for this trial, the trial's own suggestions included. */
  samplingView(trial: FrozenTrial): StudyView;
  /** The study re-read from storage, for pruning decisions that compare with other workers' reports. */
  freshView(): Promise<StudyView>;
}

/** The parameters the sampler chose jointly for this trial before the objective ran. */
export interface RelativeSample {
  readonly searchSpace: Readonly<Record<string, Distribution>>;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** System attribute holding parameters fixed in advance (by `enqueueTrial` or a retry). */
export const FIXED_PARAMS = 'fixedParams';

/**
 * One evaluation of the objective (Optuna's Trial). Define-by-run: the objective asks for each
 * parameter where it needs it, so conditional parameters are ordinary `if`s. Suggestions are async
 * because each one is recorded in the storage before it is returned.
 */
export class Trial {
  readonly trialId: number;
  readonly number: number;
  private readonly paramValues: Record<string, ParamValue>;
  private readonly paramDistributions: Record<string, Distribution>;
  private readonly reported: Map<number, number>;
  private readonly userAttributes: Record<string, JsonValue>;
  private readonly systemAttributes: Record<string, JsonValue>;
  private readonly datetimeStart: Date | null;

  constructor(
    private readonly context: TrialContext,
    started: FrozenTrial,
    private readonly relative: RelativeSample,
  ) {
    this.trialId = started.trialId;
    this.number = started.number;
    this.paramValues = { ...started.params };
    this.paramDistributions = { ...started.distributions };
    this.reported = new Map(started.intermediateValues);
    this.userAttributes = { ...started.userAttrs };
    this.systemAttributes = { ...started.systemAttrs };
    this.datetimeStart = started.datetimeStart;
  }

  get params(): Readonly<Record<string, ParamValue>> {
    return { ...this.paramValues };
  }

  get distributions(): Readonly<Record<string, Distribution>> {
    return { ...this.paramDistributions };
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.userAttributes };
  }

  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.systemAttributes };
  }

  get intermediateValues(): ReadonlyMap<number, number> {
    return new Map(this.reported);
  }

  /** A float in [low, high]; `log` samples on a log scale, `step` on the grid low, low + step, ... */
  async suggestFloat(name: string, low: number, high: number, options: NumericSuggestOptions = {}): Promise<number> {
    return (await this.suggest(name, floatDistribution(name, low, high, options))) as number;
  }

  /** An integer in [low, high]; `log` samples on a log scale, `step` on the grid low, low + step, ... */
  async suggestInt(name: string, low: number, high: number, options: NumericSuggestOptions = {}): Promise<number> {
    return (await this.suggest(name, intDistribution(name, low, high, options))) as number;
  }

  /** One of `choices`. */
  async suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): Promise<T> {
    return (await this.suggest(name, categoricalDistribution(name, choices))) as T;
  }

  /** Records the objective's value at a step (an epoch, say), for pruners to judge. A step already reported is ignored, as in Optuna. */
  async report(value: number, step: number): Promise<void> {
    this.assertSingleObjective('report');
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`report: step must be an integer >= 0 (got ${step})`);
    if (typeof value !== 'number') throw new TypeError(`report: value must be a number (got ${typeof value})`);
    if (this.reported.has(step)) return;
    this.reported.set(step, value);
    await this.context.storage.setTrialIntermediateValue(this.trialId, step, value);
  }

  /** Whether the study's pruner says this trial should stop now; if so, `throw new TrialPruned()`. */
  async shouldPrune(): Promise<boolean> {
    this.assertSingleObjective('shouldPrune');
    const study = await this.context.freshView();
    const stored = study.getTrials().find((t) => t.trialId === this.trialId);
    return this.context.pruner.prune(study, stored ?? this.toFrozen());
  }

  /** As Optuna: pruners judge one objective's curve, so multi-objective studies do not prune. */
  private assertSingleObjective(method: string): void {
    if (this.context.objectiveCount > 1)
      throw new Error(
        `trial ${this.number}: ${method} is not supported in a multi-objective study (${this.context.objectiveCount} objectives): ` +
          'pruning judges one objective; record progress with setUserAttr instead',
      );
  }

  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    this.userAttributes[key] = value;
    await this.context.storage.setTrialUserAttr(this.trialId, key, value);
  }

  async setSystemAttr(key: string, value: JsonValue): Promise<void> {
    this.systemAttributes[key] = value;
    await this.context.storage.setTrialSystemAttr(this.trialId, key, value);
  }

  /** This trial as it stands, as storage would return it. */
  toFrozen(): FrozenTrial {
    return {
      trialId: this.trialId,
      number: this.number,
      state: 'RUNNING',
      value: null,
      values: null,
      params: { ...this.paramValues },
      distributions: { ...this.paramDistributions },
      intermediateValues: new Map(this.reported),
      userAttrs: { ...this.userAttributes },
      systemAttrs: { ...this.systemAttributes },
      datetimeStart: this.datetimeStart,
      datetimeComplete: null,
    };
  }

  /**
   * This trial as the samplers of concurrent trials should see it while it runs: the parameters
   * sampled jointly for it count as chosen before the objective asks for them, so that the
   * constant liar steers the next trials away from them at once.
   */
  toRunningView(): FrozenTrial {
    const frozen = this.toFrozen();
    const pending = Object.keys(this.relative.params).filter((name) => !(name in frozen.params));
    if (pending.length === 0) return frozen;
    const params = { ...frozen.params };
    const distributions = { ...frozen.distributions };
    for (const name of pending) {
      params[name] = this.relative.params[name]!;
      distributions[name] = this.relative.searchSpace[name]!;
    }
    return { ...frozen, params, distributions };
  }

  private async suggest(name: string, distribution: Distribution): Promise<ParamValue> {
    const previous = this.paramDistributions[name];
    if (previous !== undefined) {
      if (!distributionsEqual(previous, distribution)) {
        throw new Error(
          `trial ${this.number}: parameter '${name}' was suggested as ${describeDistribution(previous)} and now as ` +
            `${describeDistribution(distribution)}; one name keeps one distribution in a trial, so use another name`,
        );
      }
      return this.paramValues[name]!;
    }
    const value = this.choose(name, distribution);
    this.paramValues[name] = value;
    this.paramDistributions[name] = distribution;
    await this.context.storage.setTrialParam(this.trialId, name, value, distribution);
    return value;
  }

  private choose(name: string, distribution: Distribution): ParamValue {
    const fixed = this.fixedParam(name);
    if (fixed !== undefined) {
      if (distributionContains(distribution, fixed)) return fixed;
      process.emitWarning(
        `trial ${this.number}: enqueued value ${JSON.stringify(fixed)} for '${name}' is outside ${describeDistribution(distribution)}; sampling instead`,
      );
    }
    const relativeDistribution = this.relative.searchSpace[name];
    if (
      relativeDistribution !== undefined &&
      distributionsEqual(relativeDistribution, distribution) &&
      name in this.relative.params
    ) {
      return this.relative.params[name]!;
    }
    const trial = this.toFrozen();
    return this.context.sampler.sampleIndependent(this.context.samplingView(trial), trial, name, distribution);
  }

  private fixedParam(name: string): ParamValue | undefined {
    const fixed = this.systemAttributes[FIXED_PARAMS];
    if (fixed === null || typeof fixed !== 'object' || Array.isArray(fixed) || !(name in fixed)) return undefined;
    const value = fixed[name]!;
    return typeof value === 'object' && value !== null ? undefined : value;
  }
}
