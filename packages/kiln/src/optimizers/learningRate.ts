/**
 * A learning rate: a constant, or a schedule giving the rate of each step (0 for the first update),
 * as Keras' `LearningRateSchedule` is called with the optimizer's iteration count.
 */
export type LearningRate = number | ((step: number) => number);

/** The rate for update number `step`, checked positive and finite (or zero, which a schedule may reach). */
export function learningRateAt(optimizerName: string, learningRate: LearningRate, step: number): number {
  const value = typeof learningRate === 'number' ? learningRate : learningRate(step);
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`${optimizerName}: the learning rate at step ${step} is ${value}; it must be a finite number >= 0`);
  }
  return value;
}
