/**
 * Keras' `LearningRateSchedule`: the learning rate as a pure function of the optimizer's step
 * (the number of batches trained so far, 0 for the first). Pure, so a run resumed at step `s`
 * continues the schedule exactly: the step is the optimizer's iteration count, which backups keep.
 * Use one per batch through `LearningRateScheduler`, or as an optimizer's own learning rate
 * through `scheduleLearningRate`.
 */
export abstract class LearningRateSchedule {
  /** The learning rate for the step `step` (≥ 0). */
  abstract call(step: number): number;

  /** The schedule's arguments, as Keras' `get_config` (backups compare them to refuse a changed schedule). */
  abstract getConfig(): { readonly [key: string]: number | boolean | string };
}

/** Throws unless `value` is a finite number satisfying `ok`; `what` says what was expected. */
export function checkArgument(name: string, value: number, ok: boolean, what: string): void {
  if (!Number.isFinite(value) || !ok) throw new Error(`${name} must be ${what}, got ${value}`);
}

export function checkStep(step: number): void {
  checkArgument('step', step, Number.isInteger(step) && step >= 0, 'an integer ≥ 0');
}
