import type { FrozenTrial } from './frozenTrial.js';
import type { FailedTrialCallback, Study } from './study.js';
import { FIXED_PARAMS } from './trial.js';

export interface RetryFailedTrialCallbackOptions {
  /** Retries of one original trial at most; unlimited when absent. */
  readonly maxRetry?: number;
}

const FAILED_TRIAL = 'failedTrial';
const RETRY_HISTORY = 'retryHistory';

/**
 * Re-queues a trial failed by a dead worker, with the same parameters, as a WAITING trial that the
 * next free worker runs (Optuna's RetryFailedTrialCallback). The retry records the original trial's
 * number (`failedTrial`) and every earlier attempt (`retryHistory`).
 */
export class RetryFailedTrialCallback implements FailedTrialCallback {
  private readonly maxRetry: number | undefined;

  constructor(options: RetryFailedTrialCallbackOptions = {}) {
    this.maxRetry = options.maxRetry;
  }

  async onTrialFailed(study: Study, trial: FrozenTrial): Promise<void> {
    const history = RetryFailedTrialCallback.retryHistory(trial);
    if (this.maxRetry !== undefined && history.length >= this.maxRetry) return;
    const fixed = trial.systemAttrs[FIXED_PARAMS];
    const earlierFixed = typeof fixed === 'object' && fixed !== null && !Array.isArray(fixed) ? fixed : {};
    await study.storage.createTrial(study.studyId, {
      state: 'WAITING',
      userAttrs: trial.userAttrs,
      systemAttrs: {
        [FIXED_PARAMS]: { ...earlierFixed, ...trial.params },
        [FAILED_TRIAL]: RetryFailedTrialCallback.retriedTrialNumber(trial) ?? trial.number,
        [RETRY_HISTORY]: [...history, trial.number],
      },
    });
  }

  /** The number of the original trial this one retries, or null if it is not a retry. */
  static retriedTrialNumber(trial: FrozenTrial): number | null {
    const original = trial.systemAttrs[FAILED_TRIAL];
    return typeof original === 'number' ? original : null;
  }

  /** The numbers of the earlier attempts of this trial, oldest first. */
  static retryHistory(trial: FrozenTrial): number[] {
    const history = trial.systemAttrs[RETRY_HISTORY];
    return Array.isArray(history) ? history.filter((n): n is number => typeof n === 'number') : [];
  }
}
