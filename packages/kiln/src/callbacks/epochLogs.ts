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
}

/** `loss: 1.2345 - acc: 0.5612 - val_loss: ...`, as Keras prints logs. */
export function formatLogs(logs: EpochLogs): string {
  return Object.entries(logs)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value.toFixed(4)}`)
    .join(' - ');
}
