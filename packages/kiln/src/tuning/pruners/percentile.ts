import type { FrozenTrial, StudyDirection } from '../frozenTrial.js';
import type { StudyView } from '../studyView.js';
import { lastStep } from '../trialQueries.js';
import type { Pruner } from './base.js';

export interface PercentilePrunerOptions {
  /** No pruning until this many trials have COMPLETEd. */
  readonly nStartupTrials?: number;
  /** No pruning of a trial before this step. */
  readonly nWarmupSteps?: number;
  /** Only consider pruning every this many steps after the warm-up. */
  readonly intervalSteps?: number;
  /** No pruning at a step fewer than this many COMPLETE trials reported. */
  readonly nMinTrials?: number;
}

/** Linear-interpolated percentile (numpy's default) of values sorted ascending. */
function percentileOf(sorted: readonly number[], percentile: number): number {
  const position = ((sorted.length - 1) * percentile) / 100;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function bestReported(trial: FrozenTrial, direction: StudyDirection): number {
  const values = [...trial.intermediateValues.values()].filter((v) => !Number.isNaN(v));
  if (values.length === 0) return NaN;
  return direction === 'minimize' ? Math.min(...values) : Math.max(...values);
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * COMPLETE trials' values at the same step (Optuna's PercentilePruner).
 */
export class PercentilePruner implements Pruner {
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;
  private readonly nMinTrials: number;

  constructor(
    private readonly percentile: number,
    options: PercentilePrunerOptions = {},
  ) {
    if (!(percentile >= 0 && percentile <= 100))
      throw new RangeError(`percentile must be in [0, 100] (got ${percentile})`);
    this.nStartupTrials = options.nStartupTrials ?? 5;
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    this.nMinTrials = options.nMinTrials ?? 1;
    if (this.intervalSteps < 1) throw new RangeError(`intervalSteps must be >= 1 (got ${this.intervalSteps})`);
  }

  async prune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const completed = study.getTrials(['COMPLETE']);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps || !this.isFirstInInterval(trial, step)) return false;

    const best = bestReported(trial, study.direction);
    if (Number.isNaN(best)) return true;
    const atStep = completed.flatMap((t) => {
      const v = t.intermediateValues.get(step);
      return v === undefined || Number.isNaN(v) ? [] : [v];
    });
    if (atStep.length === 0 || atStep.length < this.nMinTrials) return false;
    atStep.sort((a, b) => a - b);
    const percentile = study.direction === 'maximize' ? 100 - this.percentile : this.percentile;
    const threshold = percentileOf(atStep, percentile);
    return study.direction === 'maximize' ? best < threshold : best > threshold;
  }

  /** True at the first report at or after each pruning step (warm-up + k * interval). */
  private isFirstInInterval(trial: FrozenTrial, step: number): boolean {
    const pruningStep =
      Math.floor((step - this.nWarmupSteps) / this.intervalSteps) * this.intervalSteps + this.nWarmupSteps;
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    const secondLast = steps.length >= 2 ? steps[steps.length - 2]! : -1;
    return secondLast < pruningStep;
  }
}

/** PercentilePruner at the 50th percentile (Optuna's MedianPruner). */
export class MedianPruner extends PercentilePruner {
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
