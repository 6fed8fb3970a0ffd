import { crc32 } from 'node:zlib';
import type { FrozenTrial } from '../frozenTrial.js';
import { filteredStudyView, type StudyView } from '../studyView.js';
import { lastSteps } from '../trialQueries.js';
import type { Pruner } from './base.js';
import { SuccessiveHalvingPruner } from './successiveHalving.js';

export interface HyperbandPrunerOptions {
  readonly minResource?: number;
  /** The most steps a trial runs; 'auto' takes it from the first COMPLETE trial. */
  readonly maxResource?: number | 'auto';
  readonly reductionFactor?: number;
  readonly bootstrapCount?: number;
}

interface Brackets {
  readonly pruners: SuccessiveHalvingPruner[];
  /** How many of every `total` trials each bracket receives. */
  readonly budgets: number[];
  readonly total: number;
}

/**
 * Hyperband (Optuna's HyperbandPruner): several successive-halving brackets, from aggressive (early
 * first rung) to patient, each trial assigned to one by a hash of the study name and trial number
 * so every worker agrees. Each bracket only compares, and its sampler only learns from, its own trials.
 */
export class HyperbandPruner implements Pruner {
  private readonly minResource: number;
  private maxResource: number | null;
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private brackets: Brackets | null = null;

  constructor(options: HyperbandPrunerOptions = {}) {
    this.minResource = options.minResource ?? 1;
    const maxResource = options.maxResource ?? 'auto';
    this.maxResource = maxResource === 'auto' ? null : maxResource;
    this.reductionFactor = options.reductionFactor ?? 3;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (!(this.minResource >= 1)) throw new RangeError(`minResource must be >= 1 (got ${this.minResource})`);
    if (this.maxResource !== null && !(this.maxResource >= this.minResource)) {
      throw new RangeError(`maxResource (${this.maxResource}) must be >= minResource (${this.minResource})`);
    }
  }

  async prune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const brackets = this.initialize(study);
    if (brackets === null) return false;
    const bracket = this.bracketOf(study.studyName, trial.number, brackets);
    return brackets.pruners[bracket]!.prune(this.bracketView(study, bracket, brackets), trial);
  }

  samplingView(study: StudyView, trial: FrozenTrial): StudyView {
    const brackets = this.initialize(study);
    if (brackets === null) return study;
    return this.bracketView(study, this.bracketOf(study.studyName, trial.number, brackets), brackets);
  }

  /** The bracket a trial belongs to; the same on every worker. */
  bracketId(studyName: string, trialNumber: number): number | null {
    return this.brackets === null ? null : this.bracketOf(studyName, trialNumber, this.brackets);
  }

  /** How many brackets there are, once maxResource is known. */
  get nBrackets(): number | null {
    return this.brackets?.pruners.length ?? null;
  }

  private bracketOf(studyName: string, trialNumber: number, brackets: Brackets): number {
    let n = crc32(`${studyName}_${trialNumber}`) % brackets.total;
    for (let id = 0; id < brackets.budgets.length; id++) {
      n -= brackets.budgets[id]!;
      if (n < 0) return id;
    }
    return brackets.budgets.length - 1;
  }

  private bracketView(study: StudyView, bracket: number, brackets: Brackets): StudyView {
    return filteredStudyView(study, (t) => this.bracketOf(study.studyName, t.number, brackets) === bracket);
  }

  private initialize(study: StudyView): Brackets | null {
    if (this.brackets !== null) return this.brackets;
    if (this.maxResource === null) {
      const steps = lastSteps(study.getTrials(['COMPLETE']));
      if (steps.length === 0) return null;
      this.maxResource = Math.max(...steps) + 1;
    }
    const count = Math.floor(Math.log(this.maxResource / this.minResource) / Math.log(this.reductionFactor) + 1e-9) + 1;
    const budgets = Array.from({ length: count }, (_, id) => {
      const s = count - 1 - id;
      return Math.ceil((count * this.reductionFactor ** s) / (s + 1));
    });
    const pruners = budgets.map(
      (_, id) =>
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          minEarlyStoppingRate: id,
          bootstrapCount: this.bootstrapCount,
        }),
    );
    this.brackets = { pruners, budgets, total: budgets.reduce((a, b) => a + b, 0) };
    return this.brackets;
  }
}
