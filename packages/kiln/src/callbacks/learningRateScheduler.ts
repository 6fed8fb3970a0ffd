import { getLearningRate, setLearningRate } from '../optimizers/learningRate.js';
import { LearningRateSchedule } from '../optimizers/schedules/learningRateSchedule.js';
import { Callback } from './callback.js';

/** Keras' schedule function: the rate for an epoch (0-based) from the current rate. */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/**
 * Keras' `LearningRateScheduler`. Given a function of (epoch, rate), sets the optimizer's rate at
 * the start of each epoch, as Keras does. Given a `LearningRateSchedule` (CosineDecay, OneCycle,
 * ...), sets it before every batch from the optimizer's step count, so warm-up and decay are
 * smooth and a resumed run (whose optimizer keeps its step count) continues the schedule exactly.
 */
export class LearningRateScheduler extends Callback {
  override readonly setsLearningRate = true;

  constructor(
    private readonly schedule: EpochSchedule | LearningRateSchedule,
    private readonly verbose = false,
    private readonly stream: NodeJS.WritableStream = process.stderr,
  ) {
    super();
  }

  override onEpochBegin(epoch: number): void {
    if (this.schedule instanceof LearningRateSchedule) return;
    const rate = this.schedule(epoch, getLearningRate(this.model.optimizer));
    if (!Number.isFinite(rate)) throw new Error(`the learning rate schedule returned ${rate} for epoch ${epoch}`);
    setLearningRate(this.model.optimizer, rate);
    if (this.verbose)
      this.stream.write(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${rate}.\n`);
  }

  override onBatchBegin(): void {
    if (!(this.schedule instanceof LearningRateSchedule)) return;
    setLearningRate(this.model.optimizer, this.schedule.call(this.model.optimizer.iterations));
  }
}
