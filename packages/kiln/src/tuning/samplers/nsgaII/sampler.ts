import type { Distribution, ParamValue } from '../../distributions.js';
import type { FrozenTrial, JsonValue } from '../../frozenTrial.js';
import { SeededRandom } from '../../seededRandom.js';
import type { StudyView } from '../../studyView.js';
import type { Sampler } from '../base.js';
import { sampleUniformly } from '../random.js';
import { intersectionSearchSpace } from '../tpe/searchSpaces.js';
import { uniformCrossover } from './crossover.js';
import { selectElitePopulation } from './elitePopulation.js';

/** The system attribute holding a trial's generation (Optuna's key), so that every process agrees on the populations. */
export const GENERATION_KEY = 'nsga2:generation';

export interface NSGAIISamplerOptions {
  /** Trials per generation; 50 by default, as Optuna. */
  readonly populationSize?: number;
  /** Probability that a parameter of a child is resampled at random; 1 / (number of parameters) by default. */
  readonly mutationProb?: number;
  /** Probability that a child is bred from two parents rather than copied from one; 0.9 by default. */
  readonly crossoverProb?: number;
  /** In the uniform crossover, the probability of taking each parameter from the second parent; 0.5 by default. */
  readonly swappingProb?: number;
  readonly seed?: number;
}

function checkProbability(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1))
    throw new RangeError(`NSGAIISampler: ${name} must be a probability in [0, 1] (got ${value})`);
}

/**
 * NSGA-II (Deb et al. 2002), for multi-objective studies, as Optuna 3.1's NSGAIISampler does it:
 * trials run in generations of `populationSize`; the first is random; each later trial is a child
 * of the elite of the generations so far (non-dominated fronts, then crowding distance), bred by
 * tournament selection and uniform crossover, then mutated by resampling parameters at random.
 * Each trial's generation is a system attribute, so that workers in other processes share the
 * populations. Parameters outside the common search space are sampled at random.
 */
export class NSGAIISampler implements Sampler {
  private readonly random: SeededRandom;
  private readonly populationSize: number;
  private readonly mutationProb: number | undefined;
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  /** The parents chosen for each running trial in `beforeTrial`, used by its `sampleRelative`. */
  private readonly parents = new Map<number, readonly FrozenTrial[]>();

  constructor(options: NSGAIISamplerOptions = {}) {
    const { populationSize = 50 } = options;
    if (!(Number.isInteger(populationSize) && populationSize >= 2))
      throw new RangeError(`NSGAIISampler: populationSize must be an integer >= 2 (got ${populationSize})`);
    checkProbability('mutationProb', options.mutationProb);
    checkProbability('crossoverProb', options.crossoverProb);
    checkProbability('swappingProb', options.swappingProb);
    this.random = new SeededRandom(options.seed);
    this.populationSize = populationSize;
    this.mutationProb = options.mutationProb;
    this.crossoverProb = options.crossoverProb ?? 0.9;
    this.swappingProb = options.swappingProb ?? 0.5;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> {
    const { generation, population } = this.parentPopulation(study);
    this.parents.set(trial.trialId, population);
    return { [GENERATION_KEY]: generation + 1 };
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    return intersectionSearchSpace(study.getTrials(['COMPLETE']));
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    const parents = this.parents.get(trial.trialId) ?? [];
    this.parents.delete(trial.trialId);
    if (parents.length === 0) return {};
    const child =
      this.random.random() < this.crossoverProb
        ? uniformCrossover(parents, study.directions, searchSpace, this.swappingProb, this.random)
        : this.copyOf(parents[this.random.integer(0, parents.length - 1)]!, searchSpace);
    const names = Object.keys(child);
    const mutationProb = this.mutationProb ?? 1 / Math.max(1, names.length);
    // A parameter left out is mutated: the trial samples it independently, at random.
    const kept: Record<string, ParamValue> = {};
    for (const name of names) if (this.random.random() >= mutationProb) kept[name] = child[name]!;
    return kept;
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): ParamValue {
    return sampleUniformly(this.random, distribution);
  }

  afterTrial(_study: StudyView, trial: FrozenTrial): void {
    this.parents.delete(trial.trialId);
  }

  private copyOf(parent: FrozenTrial, searchSpace: Readonly<Record<string, Distribution>>): Record<string, ParamValue> {
    return Object.fromEntries(Object.keys(searchSpace).map((name) => [name, parent.params[name]!]));
  }

  /**
   * The last complete generation and its elite: generation g counts once it has populationSize
   * COMPLETE trials, and its elite is selected from them together with generation g - 1's elite.
   */
  private parentPopulation(study: StudyView): { generation: number; population: readonly FrozenTrial[] } {
    const byGeneration = new Map<number, FrozenTrial[]>();
    for (const trial of study.getTrials(['COMPLETE'])) {
      const generation = trial.systemAttrs[GENERATION_KEY];
      if (typeof generation !== 'number') continue;
      const members = byGeneration.get(generation) ?? [];
      members.push(trial);
      byGeneration.set(generation, members);
    }
    let population: readonly FrozenTrial[] = [];
    let generation = -1;
    for (;;) {
      const members = byGeneration.get(generation + 1) ?? [];
      // With several workers a generation may end up larger than populationSize.
      if (members.length < this.populationSize) break;
      population = selectElitePopulation([...members, ...population], study.directions, this.populationSize);
      generation += 1;
    }
    return { generation, population };
  }
}
