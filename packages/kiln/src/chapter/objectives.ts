import { METRIC_NAMES_ATTR, type Storage, type Study, type StudyDirection } from '../tuning/index.js';
import { readStudyAttr } from './studySettings.js';
import type { TrainedModel } from './trainModel.js';

/**
 * What a tuning study can optimize, one or several at once (`kiln tune --objectives`): validation
 * accuracy (maximized), validation loss, the model's parameter count, its training seconds and its
 * latency, milliseconds per example when predicting the validation split in batches (minimized).
 */
export const objectiveNames = ['val_accuracy', 'val_loss', 'parameters', 'train_seconds', 'latency'] as const;
export type ObjectiveName = (typeof objectiveNames)[number];

/** The directions a study of these objectives optimizes: accuracy up, everything else down. */
export function directionsOf(objectives: readonly ObjectiveName[]): StudyDirection[] {
  return objectives.map((name) => (name === 'val_accuracy' ? 'maximize' : 'minimize'));
}

/** `val_accuracy,parameters` as a list of objectives, checked: known names, each once. */
export function parseObjectives(list: string): ObjectiveName[] {
  const names = list.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(objectiveNames as readonly string[]).includes(name))
      throw new RangeError(`unknown objective '${name}' in '${list}': use some of ${objectiveNames.join(', ')}`);
  }
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new RangeError(`objective '${repeated}' is given twice in '${list}'`);
  return names as ObjectiveName[];
}

/** A trained model's value of each objective, in order. */
export function measureObjectives(objectives: readonly ObjectiveName[], trained: TrainedModel): number[] {
  return objectives.map((name) => {
    switch (name) {
      case 'val_accuracy':
      case 'val_loss': {
        const scores = trained.validation;
        if (scores === undefined) throw new Error(`objective ${name} needs a validation split`);
        if (name === 'val_loss') return scores.loss;
        if (!('accuracy' in scores)) throw new Error('objective val_accuracy needs a classifier (use val_loss)');
        return scores.accuracy;
      }
      case 'parameters':
        return trained.parameters;
      case 'train_seconds':
        return trained.trainSeconds;
      case 'latency':
        return trained.predictMsPerExample;
    }
  });
}

/** The objectives a `kiln tune` study was created with (studies made before --objectives: validation accuracy). */
export async function readStoredObjectives(storage: Storage, studyName: string): Promise<string[]> {
  const stored = await readStudyAttr(storage, studyName, METRIC_NAMES_ATTR);
  return Array.isArray(stored) ? stored.map(String) : ['val_accuracy'];
}

/**
 * A name for each objective of a study: its metric names (those `kiln tune --objectives` set), else
 * `value 0`, `value 1`, ... for a multi-objective study, else `value`.
 */
export async function objectiveLabels(study: Study): Promise<string[]> {
  return (
    (await study.getMetricNames()) ??
    (study.directions.length === 1 ? ['value'] : study.directions.map((_, i) => `value ${i}`))
  );
}
