import { valuesOf, type FrozenTrial, type StudyDirection } from '../../frozenTrial.js';
import { toLosses } from '../../multiObjective/dominance.js';
import { nonDominatedRanks } from '../../multiObjective/nonDominatedSort.js';

/**
 * Each point's crowding distance (Deb et al. 2002, as Optuna computes it): per objective, the gap
 * between its two neighbours over the objective's range, summed; the extremes of each objective
 * get Infinity so that they are always kept.
 */
export function crowdingDistances(losses: readonly (readonly number[])[]): number[] {
  const distances = new Array<number>(losses.length).fill(0);
  if (losses.length === 0) return distances;
  for (let objective = 0; objective < losses[0]!.length; objective++) {
    const order = losses.map((_, i) => i).sort((a, b) => losses[a]![objective]! - losses[b]![objective]!);
    const low = losses[order[0]!]![objective]!;
    const high = losses[order[order.length - 1]!]![objective]!;
    const width = high - low === 0 ? 1 : high - low;
    distances[order[0]!] = Infinity;
    distances[order[order.length - 1]!] = Infinity;
    for (let j = 1; j < order.length - 1; j++) {
      const gap = losses[order[j + 1]!]![objective]! - losses[order[j - 1]!]![objective]!;
      distances[order[j]!]! += gap / width;
    }
  }
  return distances;
}

/**
 * NSGA-II's survivor selection: whole non-domination fronts while they fit in `size`, then the most
 * spread-out members (largest crowding distance) of the front that does not fit.
 */
export function selectElitePopulation(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  size: number,
): FrozenTrial[] {
  const losses = population.map((trial) => toLosses(valuesOf(trial)!, directions));
  const ranks = nonDominatedRanks(losses, size);
  const elite: FrozenTrial[] = [];
  for (let rank = 0; elite.length < size; rank++) {
    const front = population.flatMap((_, i) => (ranks[i] === rank ? [i] : []));
    if (front.length === 0) break;
    if (elite.length + front.length <= size) {
      elite.push(...front.map((i) => population[i]!));
      continue;
    }
    const distances = crowdingDistances(front.map((i) => losses[i]!));
    const order = front.map((_, k) => k).sort((a, b) => distances[b]! - distances[a]!);
    elite.push(...order.slice(0, size - elite.length).map((k) => population[front[k]!]!));
  }
  return elite;
}
