import { checkArgument, checkStep, LearningRateSchedule } from './learningRateSchedule.js';

export interface OneCycleArgs {
  /** The peak rate, reached after pctStart of totalSteps. */
  readonly maxLearningRate: number;
  /** The steps of the whole cycle (epochs × batches per epoch). */
  readonly totalSteps: number;
  /** The fraction of the cycle spent rising; default 0.3. */
  readonly pctStart?: number;
  /** The starting rate is maxLearningRate / divFactor; default 25. */
  readonly divFactor?: number;
  /** The final rate is the starting rate / finalDivFactor; default 1e4. */
  readonly finalDivFactor?: number;
}

/**
 * The one-cycle policy (Smith & Topin; PyTorch's `OneCycleLR` with cosine annealing, two phases):
 * from maxLearningRate/divFactor up to maxLearningRate over the first pctStart of the steps, then
 * down to the starting rate / finalDivFactor at the last step, both along half cosines; held there after.
 */
export class OneCycle extends LearningRateSchedule {
  private readonly pctStart: number;
  private readonly divFactor: number;
  private readonly finalDivFactor: number;

  constructor(private readonly args: OneCycleArgs) {
    super();
    this.pctStart = args.pctStart ?? 0.3;
    this.divFactor = args.divFactor ?? 25;
    this.finalDivFactor = args.finalDivFactor ?? 1e4;
    checkArgument('maxLearningRate', args.maxLearningRate, args.maxLearningRate > 0, 'a positive number');
    checkArgument(
      'totalSteps',
      args.totalSteps,
      Number.isInteger(args.totalSteps) && args.totalSteps >= 2,
      'an integer ≥ 2',
    );
    checkArgument('pctStart', this.pctStart, this.pctStart > 0 && this.pctStart < 1, 'in (0, 1)');
    checkArgument('divFactor', this.divFactor, this.divFactor > 0, 'a positive number');
    checkArgument('finalDivFactor', this.finalDivFactor, this.finalDivFactor > 0, 'a positive number');
  }

  call(step: number): number {
    checkStep(step);
    const initial = this.args.maxLearningRate / this.divFactor;
    const final = initial / this.finalDivFactor;
    const peakStep = this.pctStart * this.args.totalSteps - 1;
    const lastStep = this.args.totalSteps - 1;
    if (step <= peakStep) return cosineAnneal(initial, this.args.maxLearningRate, peakStep > 0 ? step / peakStep : 1);
    return cosineAnneal(this.args.maxLearningRate, final, Math.min((step - peakStep) / (lastStep - peakStep), 1));
  }

  getConfig(): { readonly [key: string]: number | boolean | string } {
    return {
      name: 'onecycle',
      ...this.args,
      pctStart: this.pctStart,
      divFactor: this.divFactor,
      finalDivFactor: this.finalDivFactor,
    };
  }
}

/** From `start` (fraction 0) to `end` (fraction 1) along half a cosine. */
function cosineAnneal(start: number, end: number, fraction: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * fraction) + 1);
}
