import { dominates } from './dominance.js';

/**
 * Non-domination rank of each loss vector (Deb et al.'s fast non-dominated sort): 0 for the Pareto
 * front, 1 for the front of what remains, and so on. Equal vectors share a rank. With `enough`,
 * sorting stops once that many points have a rank; the others get rank -1.
 */
export function nonDominatedRanks(losses: readonly (readonly number[])[], enough = Infinity): number[] {
  const n = losses.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(losses[i]!, losses[j]!)) {
        dominatesList[i]!.push(j);
        dominatedBy[j]! += 1;
      } else if (dominates(losses[j]!, losses[i]!)) {
        dominatesList[j]!.push(i);
        dominatedBy[i]! += 1;
      }
    }
  }
  const ranks = new Array<number>(n).fill(-1);
  let front = losses.flatMap((_, i) => (dominatedBy[i] === 0 ? [i] : []));
  let ranked = 0;
  for (let rank = 0; front.length > 0 && ranked < enough; rank++) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominatesList[i]!) {
        dominatedBy[j]! -= 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    ranked += front.length;
    front = next;
  }
  return ranks;
}
