import type { FrozenTrial, StudyDirection } from '../frozenTrial.js';
import type { StudyView } from '../studyView.js';
import { lastStep, lastSteps } from '../trialQueries.js';
import type { Pruner } from './base.js';

export interface SuccessiveHalvingPrunerOptions {
  /** Steps a trial runs before its first rung; 'auto' takes 1% of the longest COMPLETE trial's steps. */
  readonly minResource?: number | 'auto';
  /** Only the best 1/reductionFactor of a rung's trials go on to the next. */
  readonly reductionFactor?: number;
  /** Skips this many of the first rungs (Hyperband's bracket index). */
  readonly minEarlyStoppingRate?: number;
  /** Prune at a rung until more than this many trials reached it. */
  readonly bootstrapCount?: number;
}

const RUNG_PREFIX = 'completedRung';
const rungKey = (rung: number): string => `${RUNG_PREFIX}${rung}`;

/**
 * Asynchronous successive halving (ASHA; Optuna's SuccessiveHalvingPruner). Rung r is reached at
 * step minResource * reductionFactor^(minEarlyStoppingRate + r); a trial arriving there records its
 * value (system attribute `completedRung<r>`) and goes on only if it is in the top 1/reductionFactor
 * of the values recorded at that rung so far, so no trial ever waits for the others.
 */
export class SuccessiveHalvingPruner implements Pruner {
  private minResource: number | null;
  private readonly reductionFactor: number;
  private readonly minEarlyStoppingRate: number;
  private readonly bootstrapCount: number;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const minResource = options.minResource ?? 'auto';
    if (minResource !== 'auto' && !(minResource >= 1))
      throw new RangeError(`minResource must be >= 1 or 'auto' (got ${minResource})`);
    this.minResource = minResource === 'auto' ? null : minResource;
    this.reductionFactor = options.reductionFactor ?? 4;
    this.minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (!(this.reductionFactor >= 2))
      throw new RangeError(`reductionFactor must be >= 2 (got ${this.reductionFactor})`);
  }

  async prune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const step = lastStep(trial);
    if (step === null) return false;
    const value = trial.intermediateValues.get(step)!;
    let rung = Object.keys(trial.systemAttrs).filter((key) => key.startsWith(RUNG_PREFIX)).length;
    for (;;) {
      this.minResource ??= estimateMinResource(study.getTrials(['COMPLETE']));
      if (this.minResource === null) return false;
      if (step < this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung)) return false;
      if (Number.isNaN(value)) return true;
      await study.setTrialSystemAttr(trial.trialId, rungKey(rung), value);
      const competing = study.getTrials().flatMap((t) => {
        const v = t.systemAttrs[rungKey(rung)];
        return t.trialId !== trial.trialId && typeof v === 'number' ? [v] : [];
      });
      competing.push(value);
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable(value, competing, this.reductionFactor, study.direction)) return true;
      rung += 1;
    }
  }
}

function estimateMinResource(completed: readonly FrozenTrial[]): number | null {
  const steps = lastSteps(completed);
  return steps.length === 0 ? null : Math.max(Math.floor(Math.max(...steps) / 100), 1);
}

/** In the top 1/reductionFactor of the rung (always the single best while the rung is small). */
function isPromotable(value: number, competing: number[], reductionFactor: number, direction: StudyDirection): boolean {
  const promotable = Math.max(Math.floor(competing.length / reductionFactor) - 1, 0);
  competing.sort((a, b) => a - b);
  return direction === 'maximize'
    ? value >= competing[competing.length - 1 - promotable]!
    : value <= competing[promotable]!;
}
