/** What one epoch measured, under tfjs' (and Keras 1's) names. */
export interface EpochLogs {
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** A classifier's accuracy; a regressor logs `mae` instead. */
  readonly acc?: number;
  readonly mae?: number;
  /** With a validation split: loss and accuracy (or mae) on the validation examples after the epoch. */
  readonly val_loss?: number;
  readonly val_acc?: number;
  readonly val_mae?: number;
  /**
   * The learning rate the epoch trained with (its last batch's), logged when a callback sets the
   * rate (`setsLearningRate`: a schedule, ReduceLROnPlateau), as Keras logs `learning_rate`.
   */
  readonly lr?: number;
}

/** `loss: 1.2345 - acc: 0.5612 - val_loss: ...`, as Keras prints logs. */
export function formatLogs(logs: EpochLogs): string {
  return (
    Object.entries(logs)
      .filter((entry): entry is [string, number] => entry[1] !== undefined)
      // A learning rate of 1e-5 would read 0.0000 in fixed notation.
      .map(([name, value]) => `${name}: ${name === 'lr' ? value.toExponential(4) : value.toFixed(4)}`)
      .join(' - ')
  );
}
