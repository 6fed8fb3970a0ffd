import type { Distribution } from '../../distributions.js';
import { distributionContains } from '../../distributionRules.js';
import type { FrozenTrial, StudyDirection } from '../../frozenTrial.js';
import { lastStep } from '../../trialQueries.js';
import type { ParzenEstimatorParameters, ParzenSamples } from './parzenEstimator.js';

/** Past trials' values of some parameters, each with a loss that ranks the trial (lower is better). */
export interface Observations {
  readonly values: ParzenSamples;
  /** Per trial: [rank key, loss]. COMPLETE trials come first (-Infinity), then PRUNED ones by how far they got, then RUNNING ones. */
  readonly losses: ReadonlyArray<readonly [number, number]>;
  /** How many of them are COMPLETE or PRUNED (not the constant liar's RUNNING ones). */
  readonly finished: number;
}

/**
 * The trials TPE learns from for `searchSpace`: COMPLETE and PRUNED ones that set every parameter
 * of it within its current range, plus, with the constant liar, the other RUNNING ones as the worst.
 */
export function collectObservations(
  trials: readonly FrozenTrial[],
  searchSpace: Readonly<Record<string, Distribution>>,
  direction: StudyDirection,
  currentTrialId: number,
  constantLiar: boolean,
): Observations {
  const names = Object.keys(searchSpace);
  const columns = names.map(() => new Float64Array(trials.length));
  const losses: Array<readonly [number, number]> = [];
  const sign = direction === 'minimize' ? 1 : -1;
  const row = new Float64Array(names.length);
  let finished = 0;
  for (const trial of trials) {
    const loss = lossOf(trial, sign, constantLiar && trial.trialId !== currentTrialId);
    if (loss === null || !encodeInto(row, trial, names, searchSpace)) continue;
    for (let i = 0; i < names.length; i++) columns[i]![losses.length] = row[i]!;
    losses.push(loss);
    if (trial.state !== 'RUNNING') finished += 1;
  }
  const values: ParzenSamples = {};
  names.forEach((name, i) => (values[name] = columns[i]!.slice(0, losses.length)));
  return { values, losses, finished };
}

function lossOf(trial: FrozenTrial, sign: number, runningCounts: boolean): readonly [number, number] | null {
  if (trial.state === 'COMPLETE') return trial.value === null ? null : [-Infinity, sign * trial.value];
  if (trial.state === 'RUNNING') return runningCounts ? [Infinity, Infinity] : null;
  if (trial.state !== 'PRUNED') return null;
  // A pruned trial ranks by its last report: further along is better, then its value at that step.
  const step = lastStep(trial);
  if (step === null) return [1, 0]; // after every pruned trial that reported, before the running ones
  const value = trial.intermediateValues.get(step)!;
  return [-step, Number.isNaN(value) ? Infinity : sign * value];
}

/**
 * Writes the estimator's numbers for a trial's values (the value itself, or a categorical's choice
 * index) into `row`; false if the trial lacks a parameter or holds a value outside its current range.
 */
function encodeInto(
  row: Float64Array,
  trial: FrozenTrial,
  names: readonly string[],
  searchSpace: Readonly<Record<string, Distribution>>,
): boolean {
  for (let i = 0; i < names.length; i++) {
    const value = trial.params[names[i]!];
    const distribution = searchSpace[names[i]!]!;
    if (value === undefined) return false;
    if (distribution.type === 'categorical') {
      row[i] = distribution.choices.findIndex((c) => Object.is(c, value));
      if (row[i] === -1) return false;
    } else if (distributionContains(distribution, value)) row[i] = value as number;
    else return false;
  }
  return true;
}

/** What TPE learns from: the good and the bad observations, and the estimator parameters of each. */
export interface ObservationSplit {
  readonly split: [ParzenSamples, ParzenSamples];
  goodParameters(parameters: ParzenEstimatorParameters): ParzenEstimatorParameters;
  badParameters(parameters: ParzenEstimatorParameters): ParzenEstimatorParameters;
}

/**
 * Single-objective TPE's split: the best `nBelow` observations and the rest, each kept in trial
 * order. With `eiWeights`, each good kernel weighs how far its loss lies below the split's threshold,
 * the best loss left out of the group, and the prior kernel their mean times its own weight (the
 * expected-improvement weighting of Watanabe 2023, "Tree-structured Parzen estimator: understanding
 * its algorithm components"); where those losses do not compare (a PRUNED or RUNNING trial among the
 * good ones or as the threshold, or no trial left out) or none is below the threshold, the given
 * parameters' weights stay.
 */
export function splitObservations(observations: Observations, nBelow: number, eiWeights = false): ObservationSplit {
  const { losses } = observations;
  const ranked = bestFirst(losses, nBelow + 1);
  const good = ranked.slice(0, nBelow).sort((a, b) => a - b);
  const weights = eiWeights ? improvementWeights(losses, good, ranked[nBelow]) : null;
  return {
    split: partitionRows(observations, good),
    goodParameters: (parameters) =>
      weights === null
        ? parameters
        : {
            ...parameters,
            weights: () => weights,
            priorWeight: parameters.priorWeight * (weights.reduce((sum, w) => sum + w, 0) / weights.length),
          },
    badParameters: (parameters) => parameters,
  };
}

/** The observations of `rows` and those of the other rows, each kept in trial order. */
export function partitionRows(observations: Observations, rows: readonly number[]): [ParzenSamples, ParzenSamples] {
  const isIn = new Uint8Array(observations.losses.length);
  for (const row of rows) isIn[row] = 1;
  const pick = (wanted: number): ParzenSamples => {
    const count = isIn.reduce((sum, flag) => sum + (flag === wanted ? 1 : 0), 0);
    const picked: ParzenSamples = {};
    for (const [name, column] of Object.entries(observations.values)) {
      const values = new Float64Array(count);
      let next = 0;
      for (let i = 0; i < column.length; i++) if (isIn[i] === wanted) values[next++] = column[i]!;
      picked[name] = values;
    }
    return picked;
  };
  return [pick(1), pick(0)];
}

/** Each good row's loss below the threshold row's, or null where they do not compare or none is below. */
function improvementWeights(
  losses: Observations['losses'],
  good: readonly number[],
  threshold: number | undefined,
): number[] | null {
  if (threshold === undefined) return null;
  const comparable = [...good, threshold].every((i) => losses[i]![0] === -Infinity && Number.isFinite(losses[i]![1]));
  if (!comparable) return null;
  const weights = good.map((i) => losses[threshold]![1] - losses[i]![1]);
  return weights.some((w) => w > 0) ? weights : null;
}

/** The indices of the best `count` losses, best first (ties: the earlier trial). */
function bestFirst(losses: ReadonlyArray<readonly [number, number]>, count: number): number[] {
  const better = (a: number, b: number): boolean => {
    const [rankA, lossA] = losses[a]!;
    const [rankB, lossB] = losses[b]!;
    if (rankA !== rankB) return rankA < rankB;
    return lossA !== lossB && !Number.isNaN(lossA - lossB) ? lossA < lossB : a < b;
  };
  // count is small (26 at most by default): keep a sorted top list instead of sorting everything.
  const best: number[] = [];
  for (let i = 0; i < losses.length; i++) {
    if (best.length === count && (count === 0 || !better(i, best[count - 1]!))) continue;
    let at = best.length;
    while (at > 0 && better(i, best[at - 1]!)) at--;
    best.splice(at, 0, i);
    if (best.length > count) best.pop();
  }
  return best;
}
