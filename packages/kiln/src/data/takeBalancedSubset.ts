import { gatherImages } from './imageSubsets.js';
import { seededGenerator, shuffleInPlace } from './random.js';
import type { ImageSet } from './types.js';

/**
 * At most `limit` images of `set` (for `--limit`), drawn at random (seeded) so that every class
 * present gets the same count, as far as the classes' sizes allow: a class with too few images
 * gives all it has and the others share what is left. Chosen images keep their original order.
 */
export function takeBalancedSubset(set: ImageSet, limit: number, seed: number): ImageSet {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  if (limit >= set.count) return set;
  const generator = seededGenerator(seed);
  const byClass = indicesByClass(set.labels).map((indices) => shuffleInPlace(indices, generator));
  const quotas = balancedQuotas(
    byClass.map((indices) => indices.length),
    limit,
  );
  const chosen = byClass.flatMap((indices, label) => indices.slice(0, quotas[label]));
  return gatherImages(
    set,
    chosen.sort((a, b) => a - b),
  );
}

/** Image indices of each label, for the labels that occur, in label order. */
function indicesByClass(labels: Uint8Array): number[][] {
  const groups = new Map<number, number[]>();
  labels.forEach((label, index) => {
    const group = groups.get(label);
    if (group) group.push(index);
    else groups.set(label, [index]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((label) => groups.get(label)!);
}

/**
 * How many to take from each class: `limit` shared as evenly as possible, never more than a class
 * has. Smaller classes are settled first so their unused share goes to the larger ones; leftover
 * units of an uneven split go to the earliest classes.
 */
function balancedQuotas(available: readonly number[], limit: number): number[] {
  const quotas = new Array<number>(available.length).fill(0);
  const bySize = available.map((_, label) => label).sort((a, b) => available[a]! - available[b]! || a - b);
  let remaining = limit;
  bySize.forEach((label, rank) => {
    const classesLeft = bySize.length - rank;
    quotas[label] = Math.min(available[label]!, Math.floor(remaining / classesLeft));
    remaining -= quotas[label]!;
  });
  // Spread what integer division left over, one each, to classes that still have images.
  for (let label = 0; remaining > 0 && label < quotas.length; label++) {
    if (quotas[label]! < available[label]!) {
      quotas[label]!++;
      remaining--;
    }
  }
  return quotas;
}
