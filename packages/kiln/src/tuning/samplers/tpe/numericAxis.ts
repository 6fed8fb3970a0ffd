import type { FloatDistribution, IntDistribution } from '../../distributions.js';

/**
 * A numeric parameter as the Parzen estimator sees it: a line (log-scaled for log parameters) on
 * which Gaussian kernels sit. A stepped parameter owns, around each grid value, the cell of
 * values that round to it, so kernels are truncated Gaussians over the step grid.
 */
export class NumericAxis {
  /** Bounds on the line, widened by half a cell for stepped parameters. */
  readonly low: number;
  readonly high: number;
  private readonly halfCell: number | null;

  constructor(private readonly distribution: FloatDistribution | IntDistribution) {
    const { low, high, step } = distribution;
    this.halfCell = step === undefined ? null : step / 2;
    const margin = this.halfCell ?? 0;
    this.low = this.toLine(low - margin);
    this.high = this.toLine(high + margin);
  }

  get discrete(): boolean {
    return this.halfCell !== null;
  }

  /** Where a value sits on the line. */
  position(value: number): number {
    return this.toLine(value);
  }

  /** The line interval that rounds to `value` (stepped parameters only). */
  cell(value: number): [number, number] {
    const half = this.halfCell ?? 0;
    return [Math.max(this.toLine(value - half), this.low), Math.min(this.toLine(value + half), this.high)];
  }

  /** The parameter value a point of the line stands for (rounded onto the step grid). */
  valueAt(position: number): number {
    const { low, high, log, step } = this.distribution;
    const raw = log ? Math.exp(position) : position;
    const value = step === undefined ? raw : low + Math.round((raw - low) / step) * step;
    return Math.min(Math.max(value, low), high);
  }

  private toLine(value: number): number {
    return this.distribution.log ? Math.log(value) : value;
  }
}
