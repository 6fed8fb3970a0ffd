import type { ModelRun } from '../reports/index.js';

const adadeltaNote =
  'regular-adadelta uses Adadelta with learning rate 1.0, the default of Keras 2.2 which the chapter ran; tf.keras 2+ defaults to 0.001, with which this model barely learns in 12 epochs';

/**
 * BatchNormalization's moving averages (momentum 0.99, as Keras) need a few hundred steps to
 * reach the data's statistics; until then the model tests far worse than it trains.
 */
const batchNormalizationWarmupSteps = 500;

/** Caveats that explain surprising figures in a `kiln compare` report. */
export function compareNotes(runs: readonly ModelRun[], ensembleAccuracy: number, classes: number): string[] {
  const notes: string[] = [];
  if (runs.some((run) => run.spec?.optimizer.name === 'adadelta' && run.spec.optimizer.learningRate === 1))
    notes.push(adadeltaNote);
  for (const run of runs) {
    if (run.spec?.batchNormalization && run.steps < batchNormalizationWarmupSteps) {
      notes.push(
        `${run.model} took only ${run.steps} steps: its BatchNormalization moving averages (momentum 0.99) are still near their initial values, so its test figures understate it; train on more images or for more epochs`,
      );
    }
    // Within half a chance level of guessing: the model has not started to learn yet.
    if ((run.testAccuracy ?? 0) < 1.5 / classes) {
      notes.push(
        `${run.model} is at chance level (1/${classes} = ${(1 / classes).toFixed(4)}) after ${run.steps} steps: it has not started to learn yet; train for more epochs or on more images`,
      );
    }
  }
  const best = Math.max(...runs.map((run) => run.testAccuracy ?? 0));
  if (runs.length > 1 && ensembleAccuracy < best) {
    notes.push(
      'the ensemble is less accurate than its best member: averaging helps when every member is good (7.3.3); drop the weak members or train them longer',
    );
  }
  return notes;
}
