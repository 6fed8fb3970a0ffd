import { checkArgument, checkStep, LearningRateSchedule } from './learningRateSchedule.js';

export interface StepDecayArgs {
  readonly initialLearningRate: number;
  /** Steps between two decays. */
  readonly stepSize: number;
  /** The factor at each decay; default 0.1. */
  readonly gamma?: number;
}

/** Step decay (PyTorch's `StepLR`, per step): initialLearningRate · gamma^⌊step / stepSize⌋. */
export class StepDecay extends LearningRateSchedule {
  private readonly gamma: number;

  constructor(private readonly args: StepDecayArgs) {
    super();
    this.gamma = args.gamma ?? 0.1;
    checkArgument('initialLearningRate', args.initialLearningRate, args.initialLearningRate > 0, 'a positive number');
    checkArgument(
      'stepSize',
      args.stepSize,
      Number.isInteger(args.stepSize) && args.stepSize > 0,
      'a positive integer',
    );
    checkArgument('gamma', this.gamma, this.gamma > 0, 'a positive number');
  }

  call(step: number): number {
    checkStep(step);
    return this.args.initialLearningRate * this.gamma ** Math.floor(step / this.args.stepSize);
  }

  getConfig(): { readonly [key: string]: number | boolean | string } {
    return { name: 'step', ...this.args, gamma: this.gamma };
  }
}
