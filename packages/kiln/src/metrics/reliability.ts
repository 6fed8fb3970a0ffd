import { argmaxRows, type Labels, type ProbabilityMatrix } from './probabilityMatrix.js';
import { validateMembers } from './validate.js';

/** One bin of a reliability diagram: rows whose top probability fell in (lower, upper]. */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean top probability of the bin's rows. */
  readonly confidence: number;
  /** Fraction of the bin's rows predicted right. */
  readonly accuracy: number;
}

/**
 * The reliability diagram's bins (Guo et al., 2017), binned as `expectedCalibrationError` bins:
 * equal-width over [0, 1] by top-label confidence; empty bins are left out.
 */
export function reliabilityBins(probabilities: ProbabilityMatrix, labels: Labels, bins = 10): ReliabilityBin[] {
  validateMembers([probabilities], labels);
  const { data, rows, classes } = probabilities;
  const predicted = argmaxRows(probabilities);
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let row = 0; row < rows; row++) {
    const top = data[row * classes + predicted[row]!]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(top * bins) - 1));
    count[bin]++;
    confidence[bin] += top;
    if (predicted[row] === labels[row]) correct[bin]++;
  }
  return Array.from({ length: bins }, (_, bin) => bin)
    .filter((bin) => count[bin]! > 0)
    .map((bin) => ({
      lower: bin / bins,
      upper: (bin + 1) / bins,
      count: count[bin]!,
      confidence: confidence[bin]! / count[bin]!,
      accuracy: correct[bin]! / count[bin]!,
    }));
}
