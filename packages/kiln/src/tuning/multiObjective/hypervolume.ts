import { dominates } from './dominance.js';

/**
 * The hypervolume of loss vectors (every objective minimized) against `referencePoint`: the measure
 * of the region they dominate that the reference point bounds. Points not better than the reference
 * point in every objective add nothing. Exact in any dimension: a sweep in 2-D, WFG (While, Bradstreet
 * and Barone 2012) above.
 */
export function hypervolume(points: readonly (readonly number[])[], referencePoint: readonly number[]): number {
  const inside = points.filter((p) => {
    if (p.length !== referencePoint.length)
      throw new RangeError(
        `hypervolume: a point has ${p.length} objectives, the reference point ${referencePoint.length}`,
      );
    return p.every((v, i) => v < referencePoint[i]!);
  });
  return wfg(inside, referencePoint);
}

function wfg(points: readonly (readonly number[])[], reference: readonly number[]): number {
  if (points.length === 0) return 0;
  if (reference.length === 1) return reference[0]! - Math.min(...points.map((p) => p[0]!));
  if (reference.length === 2) return sweep2d(points, reference);
  // Sorted by the first objective, each point's exclusive volume is cut down by the points after it only.
  const sorted = [...points].sort((a, b) => a[0]! - b[0]!);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const point = sorted[i]!;
    total += boxVolume(point, reference) - wfg(limitSet(sorted.slice(i + 1), point), reference);
  }
  return total;
}

function boxVolume(point: readonly number[], reference: readonly number[]): number {
  let volume = 1;
  for (let i = 0; i < point.length; i++) volume *= reference[i]! - point[i]!;
  return volume;
}

/** The points, each moved to the part of its box inside `point`'s box, less those then dominated (or repeated). */
function limitSet(points: readonly (readonly number[])[], point: readonly number[]): number[][] {
  const limited = points.map((p) => p.map((v, i) => Math.max(v, point[i]!)));
  const kept: number[][] = [];
  for (const candidate of limited) {
    if (kept.some((k) => dominates(k, candidate) || k.every((v, i) => v === candidate[i]))) continue;
    for (let i = kept.length - 1; i >= 0; i--) if (dominates(candidate, kept[i]!)) kept.splice(i, 1);
    kept.push(candidate);
  }
  return kept;
}

function sweep2d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let volume = 0;
  let lowestSecond = reference[1]!;
  for (const [first, second] of sorted) {
    if (second! >= lowestSecond) continue;
    volume += (reference[0]! - first!) * (lowestSecond - second!);
    lowestSecond = second!;
  }
  return volume;
}

/** How much hypervolume each point alone adds: the whole set's less that of the set without it. */
export function hypervolumeContributions(
  points: readonly (readonly number[])[],
  referencePoint: readonly number[],
): number[] {
  const whole = hypervolume(points, referencePoint);
  return points.map((_, i) => whole - hypervolume([...points.slice(0, i), ...points.slice(i + 1)], referencePoint));
}
