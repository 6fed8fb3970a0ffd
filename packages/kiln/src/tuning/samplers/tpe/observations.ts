import type { Distribution } from '../../distributions.js';
import { distributionContains } from '../../distributionRules.js';
import type { FrozenTrial, StudyDirection } from '../../frozenTrial.js';
import type { ParzenSamples } from './parzenEstimator.js';

/** Past trials' values of some parameters, each with a loss that ranks the trial (lower is better). */
export interface Observations {
  readonly values: ParzenSamples;
  /** Per trial: [rank key, loss]. COMPLETE trials come first (-Infinity), then PRUNED ones by how far they got. */
  readonly losses: ReadonlyArray<readonly [number, number]>;
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
  const columns: number[][] = names.map(() => []);
  const losses: Array<readonly [number, number]> = [];
  const sign = direction === 'minimize' ? 1 : -1;
  for (const trial of trials) {
    const loss = lossOf(trial, sign, constantLiar && trial.trialId !== currentTrialId);
    if (loss === null) continue;
    const row = names.map((name) => encode(searchSpace[name]!, trial, name));
    if (row.some((v) => v === null)) continue;
    row.forEach((v, i) => columns[i]!.push(v!));
    losses.push(loss);
  }
  const values: ParzenSamples = {};
  names.forEach((name, i) => (values[name] = Float64Array.from(columns[i]!)));
  return { values, losses };
}

function lossOf(trial: FrozenTrial, sign: number, runningCounts: boolean): readonly [number, number] | null {
  if (trial.state === 'COMPLETE') return trial.value === null ? null : [-Infinity, sign * trial.value];
  if (trial.state === 'RUNNING') return runningCounts ? [Infinity, 0] : null;
  if (trial.state !== 'PRUNED') return null;
  // A pruned trial ranks by its last report: further along is better, then its value at that step.
  let step = -Infinity;
  for (const s of trial.intermediateValues.keys()) step = Math.max(step, s);
  if (step === -Infinity) return [Infinity, 0];
  const value = trial.intermediateValues.get(step)!;
  return [-step, Number.isNaN(value) ? Infinity : sign * value];
}

/** The estimator's number for a trial's value: the value itself, or a categorical's choice index. */
function encode(distribution: Distribution, trial: FrozenTrial, name: string): number | null {
  if (!(name in trial.params)) return null;
  const value = trial.params[name]!;
  if (!distributionContains(distribution, value)) return null;
  if (distribution.type === 'categorical') return distribution.choices.findIndex((c) => Object.is(c, value));
  return value as number;
}

/** Splits observations into the best `nBelow` and the rest, each kept in trial order. */
export function splitObservations(observations: Observations, nBelow: number): [ParzenSamples, ParzenSamples] {
  const { losses } = observations;
  const ranked = Array.from(losses.keys()).sort((a, b) => losses[a]![0] - losses[b]![0] || losses[a]![1] - losses[b]![1] || a - b);
  const below = ranked.slice(0, nBelow).sort((a, b) => a - b);
  const above = ranked.slice(nBelow).sort((a, b) => a - b);
  const pick = (indices: number[]): ParzenSamples => {
    const picked: ParzenSamples = {};
    for (const [name, column] of Object.entries(observations.values)) picked[name] = Float64Array.from(indices, (i) => column[i]!);
    return picked;
  };
  return [pick(below), pick(above)];
}
