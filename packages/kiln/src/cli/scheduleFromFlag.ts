import { CosineDecay, ExponentialDecay, OneCycle, StepDecay, type LearningRateSchedule } from '../optimizers/index.js';
import type { LearningRateScheduleName } from './options.js';

/**
 * `--lr-schedule NAME` as a schedule over the whole run, from the model's own learning rate:
 * cosine warms up over the first 5% of the steps from a tenth of it, then decays to 0; onecycle
 * peaks at it after 30%; step divides it by 10 after each third of the epochs; exponential
 * decays it smoothly to a hundredth at the end.
 */
export function scheduleFromFlag(
  name: LearningRateScheduleName,
  learningRate: number,
  epochs: number,
  stepsPerEpoch: number,
): LearningRateSchedule {
  const totalSteps = epochs * stepsPerEpoch;
  switch (name) {
    case 'cosine': {
      const warmupSteps = Math.round(totalSteps * 0.05);
      return new CosineDecay({
        initialLearningRate: learningRate / 10,
        warmupTarget: learningRate,
        warmupSteps,
        decaySteps: Math.max(totalSteps - warmupSteps, 1),
      });
    }
    case 'onecycle':
      return new OneCycle({ maxLearningRate: learningRate, totalSteps: Math.max(totalSteps, 2) });
    case 'step':
      return new StepDecay({
        initialLearningRate: learningRate,
        stepSize: stepsPerEpoch * Math.max(Math.round(epochs / 3), 1),
      });
    case 'exponential':
      return new ExponentialDecay({ initialLearningRate: learningRate, decaySteps: totalSteps, decayRate: 0.01 });
  }
}
