import type { Distribution, ParamValue } from '../../distributions.js';
import { valuesOf, type FrozenTrial, type StudyDirection } from '../../frozenTrial.js';
import { dominates, toLosses } from '../../multiObjective/dominance.js';
import type { SeededRandom } from '../../seededRandom.js';

/** Binary tournament (as Optuna's NSGA-II): of two random members, the one that dominates the other, else the second. */
function selectParent(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  random: SeededRandom,
): FrozenTrial {
  const first = population[random.integer(0, population.length - 1)]!;
  const second = population[random.integer(0, population.length - 1)]!;
  return dominates(toLosses(valuesOf(first)!, directions), toLosses(valuesOf(second)!, directions)) ? first : second;
}

/**
 * Uniform crossover (Optuna's UniformCrossover, its default): two parents chosen by tournament, and
 * each parameter of the child taken from the second parent with probability `swappingProb`, else
 * from the first. Values are copied, so every kind of parameter stays inside its distribution.
 */
export function uniformCrossover(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  searchSpace: Readonly<Record<string, Distribution>>,
  swappingProb: number,
  random: SeededRandom,
): Record<string, ParamValue> {
  const first = selectParent(population, directions, random);
  const others = population.length > 1 ? population.filter((trial) => trial !== first) : population;
  const second = selectParent(others, directions, random);
  const child: Record<string, ParamValue> = {};
  for (const name of Object.keys(searchSpace))
    child[name] = (random.random() < swappingProb ? second : first).params[name]!;
  return child;
}
