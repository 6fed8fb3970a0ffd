import type { Distribution } from '../../distributions.js';
import { distributionsEqual, isSingleValued } from '../../distributionRules.js';
import type { FrozenTrial } from '../../frozenTrial.js';

type SearchSpace = Record<string, Distribution>;

/** What a trial sampled, less the parameters with a single possible value (nothing to learn). */
function sampledSpace(trial: FrozenTrial): SearchSpace {
  const space: SearchSpace = {};
  for (const [name, distribution] of Object.entries(trial.distributions)) {
    if (!isSingleValued(distribution)) space[name] = distribution;
  }
  return space;
}

function partition(group: SearchSpace, space: SearchSpace): [SearchSpace, SearchSpace] {
  const shared: SearchSpace = {};
  const rest: SearchSpace = {};
  for (const [name, distribution] of Object.entries(group)) {
    const other = space[name];
    if (other !== undefined && distributionsEqual(other, distribution)) shared[name] = distribution;
    else rest[name] = distribution;
  }
  return [shared, rest];
}

const isEmpty = (space: SearchSpace): boolean => Object.keys(space).length === 0;

/** The parameters, with the same distribution, that every given trial sampled (Optuna's IntersectionSearchSpace). */
export function intersectionSearchSpace(trials: readonly FrozenTrial[]): SearchSpace {
  if (trials.length === 0) return {};
  // Samplers ask for this at every trial, over every trial so far: filter one list of entries
  // instead of building a search space per trial.
  let entries = Object.entries(sampledSpace(trials[0]!));
  const sampledAlike = (trial: FrozenTrial, [name, distribution]: [string, Distribution]): boolean => {
    const other = trial.distributions[name];
    return other !== undefined && distributionsEqual(other, distribution);
  };
  for (let t = 1; t < trials.length && entries.length > 0; t++) {
    const trial = trials[t]!;
    if (!entries.every((entry) => sampledAlike(trial, entry)))
      entries = entries.filter((entry) => sampledAlike(trial, entry));
  }
  return Object.fromEntries(entries);
}

/**
 * Disjoint groups of parameters that always appear together (Optuna's group decomposition): a
 * conditional space such as `if (model === 'svm') suggest C` splits into one group per branch, each
 * sampled jointly.
 */
export function groupDecomposedSearchSpace(trials: readonly FrozenTrial[]): SearchSpace[] {
  let groups: SearchSpace[] = [];
  for (const trial of trials) {
    let space = sampledSpace(trial);
    const next: SearchSpace[] = [];
    for (const group of groups) {
      const [shared, rest] = partition(group, space);
      for (const part of [shared, rest]) if (!isEmpty(part)) next.push(part);
      space = Object.fromEntries(Object.entries(space).filter(([name]) => !(name in group)));
    }
    if (!isEmpty(space)) next.push(space);
    groups = next;
  }
  return groups;
}
