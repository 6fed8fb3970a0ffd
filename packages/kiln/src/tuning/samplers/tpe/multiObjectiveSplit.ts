import type { Distribution } from '../../distributions.js';
import { valuesOf, type FrozenTrial, type StudyDirection } from '../../frozenTrial.js';
import { toLosses } from '../../multiObjective/dominance.js';
import { hypervolume, hypervolumeContributions } from '../../multiObjective/hypervolume.js';
import { nonDominatedRanks } from '../../multiObjective/nonDominatedSort.js';
import type { StudyView } from '../../studyView.js';
import { collectObservations, partitionRows, type ObservationSplit } from './observations.js';
import type { ParzenEstimatorParameters } from './parzenEstimator.js';

/** Optuna's floor for reference-point coordinates and contributions. */
const EPS = 1e-12;

/** Optuna's reference point for a set of losses: a tenth beyond the worst in each objective. */
function referencePointOf(losses: readonly (readonly number[])[]): number[] {
  return losses[0]!.map((_, k) => {
    const worst = Math.max(...losses.map((loss) => loss[k]!));
    const reference = Math.max(1.1 * worst, 0.9 * worst);
    return reference === 0 ? EPS : reference;
  });
}

/**
 * Greedy hypervolume subset selection: `size` of the points, each step adding the one that adds the
 * most hypervolume to those already chosen. Returns their indices.
 */
export function selectByHypervolume(losses: readonly (readonly number[])[], size: number): number[] {
  const reference = referencePointOf(losses);
  const chosen: number[] = [];
  let chosenVolume = 0;
  while (chosen.length < size) {
    let best = -1;
    let bestVolume = -Infinity;
    for (let i = 0; i < losses.length; i++) {
      if (chosen.includes(i)) continue;
      const volume = hypervolume([...chosen.map((c) => losses[c]!), losses[i]!], reference);
      if (volume - chosenVolume > bestVolume - chosenVolume) [best, bestVolume] = [i, volume];
    }
    chosen.push(best);
    chosenVolume = bestVolume;
  }
  return chosen;
}

/** Optuna 3.1's weights of the good observations: each one's hypervolume contribution, over the largest. */
export function goodWeightsByContribution(losses: readonly (readonly number[])[]): number[] {
  if (losses.length <= 1) return losses.map(() => 1);
  const contributions = hypervolumeContributions(losses, referencePointOf(losses)).map((c) => c + EPS);
  const largest = Math.max(...contributions);
  return contributions.map((c) => Math.min(Math.max(c / largest, 0), 1));
}

/**
 * Multi-objective TPE's split (Optuna 3.1's TPESampler on a study with several directions): the
 * best `gamma(n)` COMPLETE trials are taken whole non-domination rank by rank, and from the rank
 * that does not fit, by greedy hypervolume contribution; everything else (the rest, pruned trials,
 * and with the constant liar the other running trials) is bad.
 */
export function splitMultiObjective(
  study: StudyView,
  searchSpace: Readonly<Record<string, Distribution>>,
  currentTrialId: number,
  constantLiar: boolean,
  gamma: (n: number) => number,
): ObservationSplit {
  // Each COMPLETE trial enters the observations with its number as its loss, so that rows map back to trials.
  const directions: readonly StudyDirection[] = study.directions;
  const byNumber = new Map<number, readonly number[]>();
  const numbered = study.getTrials().map((trial): FrozenTrial => {
    const values = valuesOf(trial);
    if (trial.state !== 'COMPLETE' || values === null || values.length !== directions.length)
      return { ...trial, value: null };
    byNumber.set(trial.number, toLosses(values, directions));
    return { ...trial, value: trial.number };
  });
  const observations = collectObservations(numbered, searchSpace, 'minimize', currentTrialId, constantLiar);
  const completeRows = observations.losses.flatMap(([rank], row) => (rank === -Infinity ? [row] : []));
  const completeLosses = completeRows.map((row) => byNumber.get(observations.losses[row]![1])!);
  const nBelow = Math.min(gamma(observations.finished), completeRows.length);

  const ranks = nonDominatedRanks(completeLosses, nBelow);
  const below: number[] = [];
  for (let rank = 0; below.length < nBelow; rank++) {
    const front = completeLosses.flatMap((_, i) => (ranks[i] === rank ? [i] : []));
    if (below.length + front.length <= nBelow) below.push(...front);
    else
      below.push(
        ...selectByHypervolume(
          front.map((i) => completeLosses[i]!),
          nBelow - below.length,
        ).map((k) => front[k]!),
      );
  }
  below.sort((a, b) => a - b);
  const weights = goodWeightsByContribution(below.map((i) => completeLosses[i]!));
  // One parameter at a time (the multi-objective default) gets the one-dimensional kernel widths, as Optuna's.
  const alone = Object.keys(searchSpace).length === 1;
  const kernels = (parameters: ParzenEstimatorParameters): ParzenEstimatorParameters =>
    alone ? { ...parameters, multivariate: false } : parameters;
  return {
    split: partitionRows(
      observations,
      below.map((i) => completeRows[i]!),
    ),
    // Each good observation weighted by its hypervolume contribution.
    goodParameters: (parameters) => ({ ...kernels(parameters), weights: () => weights }),
    badParameters: kernels,
  };
}
