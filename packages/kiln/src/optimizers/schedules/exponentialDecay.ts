import { checkArgument, checkStep, LearningRateSchedule } from './learningRateSchedule.js';

export interface ExponentialDecayArgs {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  /** The factor per `decaySteps` steps, in (0, 1] to decay. */
  readonly decayRate: number;
  /** True: decay in whole periods of `decaySteps` (a staircase), as Keras' `staircase`. */
  readonly staircase?: boolean;
}

/** Keras' `ExponentialDecay`: initialLearningRate · decayRate^(step / decaySteps). */
export class ExponentialDecay extends LearningRateSchedule {
  constructor(private readonly args: ExponentialDecayArgs) {
    super();
    checkArgument('initialLearningRate', args.initialLearningRate, args.initialLearningRate > 0, 'a positive number');
    checkArgument('decaySteps', args.decaySteps, args.decaySteps > 0, 'a positive number');
    checkArgument('decayRate', args.decayRate, args.decayRate > 0, 'a positive number');
  }

  call(step: number): number {
    checkStep(step);
    const periods = step / this.args.decaySteps;
    return this.args.initialLearningRate * this.args.decayRate ** (this.args.staircase ? Math.floor(periods) : periods);
  }

  getConfig(): { readonly [key: string]: number | boolean | string } {
    return { name: 'exponential', staircase: false, ...this.args };
  }
}
