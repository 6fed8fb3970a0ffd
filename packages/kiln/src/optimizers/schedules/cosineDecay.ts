import { checkArgument, checkStep, LearningRateSchedule } from './learningRateSchedule.js';

export interface CosineDecayArgs {
  /** The rate at step 0: where the warm-up starts, or the decay when there is none. */
  readonly initialLearningRate: number;
  /** Steps of the cosine decay, after the warm-up. */
  readonly decaySteps: number;
  /** The floor, as a fraction of the decay's starting rate; default 0. */
  readonly alpha?: number;
  /** Steps of linear warm-up from initialLearningRate to warmupTarget; default 0. */
  readonly warmupSteps?: number;
  /** The rate the warm-up reaches and the decay starts from; required with warmupSteps. */
  readonly warmupTarget?: number;
}

/**
 * Keras' `CosineDecay` with its linear warm-up: rising linearly from initialLearningRate to
 * warmupTarget over warmupSteps, then start · ((1 − alpha) · ½(1 + cos(π · t / decaySteps)) + alpha),
 * t the steps since the warm-up, held at the floor after decaySteps.
 */
export class CosineDecay extends LearningRateSchedule {
  private readonly alpha: number;
  private readonly warmupSteps: number;

  constructor(private readonly args: CosineDecayArgs) {
    super();
    this.alpha = args.alpha ?? 0;
    this.warmupSteps = args.warmupSteps ?? 0;
    checkArgument('initialLearningRate', args.initialLearningRate, args.initialLearningRate >= 0, 'a number ≥ 0');
    checkArgument('decaySteps', args.decaySteps, args.decaySteps > 0, 'a positive number');
    checkArgument('alpha', this.alpha, this.alpha >= 0 && this.alpha <= 1, 'in [0, 1]');
    checkArgument(
      'warmupSteps',
      this.warmupSteps,
      Number.isInteger(this.warmupSteps) && this.warmupSteps >= 0,
      'an integer ≥ 0',
    );
    if (this.warmupSteps > 0 && args.warmupTarget === undefined)
      throw new Error('warmupSteps needs warmupTarget: the rate the warm-up rises to');
  }

  call(step: number): number {
    checkStep(step);
    const start = this.args.warmupTarget ?? this.args.initialLearningRate;
    if (step < this.warmupSteps)
      return this.args.initialLearningRate + ((start - this.args.initialLearningRate) * step) / this.warmupSteps;
    const progress = Math.min(step - this.warmupSteps, this.args.decaySteps) / this.args.decaySteps;
    return start * ((1 - this.alpha) * 0.5 * (1 + Math.cos(Math.PI * progress)) + this.alpha);
  }

  getConfig(): { readonly [key: string]: number | boolean | string } {
    return { name: 'cosine', ...this.args, alpha: this.alpha, warmupSteps: this.warmupSteps };
  }
}
