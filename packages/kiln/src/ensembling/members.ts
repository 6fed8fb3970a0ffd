import type * as tfl from '@tensorflow/tfjs-layers';
import type { Examples } from '../data/index.js';
import { loadModel } from '../models/saveLoad.js';
import { predict, type PredictOptions } from '../training/predict.js';
import type { ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
import { validateMembers } from '../metrics/validate.js';

/**
 * Anything an ensemble can take predictions from: probabilities computed earlier (for the very
 * set being predicted), a trained model, the folder of a saved model, or a function.
 */
export type EnsembleMember =
  ProbabilityMatrix | tfl.LayersModel | string | ((set: Examples) => ProbabilityMatrix | Promise<ProbabilityMatrix>);

/**
 * Each member's class probabilities for `set`, in member order, checked to agree in shape.
 * Models saved in folders are loaded one at a time and disposed after predicting.
 */
export async function memberProbabilities(
  members: readonly EnsembleMember[],
  set: Examples,
  options: PredictOptions = {},
): Promise<ProbabilityMatrix[]> {
  const probabilities: ProbabilityMatrix[] = [];
  for (const member of members) probabilities.push(await probabilitiesOf(member, set, options));
  // Rows read for prediction carry no labels to check.
  validateMembers(probabilities, set.labels.length === set.count ? set.labels : undefined);
  return probabilities;
}

async function probabilitiesOf(
  member: EnsembleMember,
  set: Examples,
  options: PredictOptions,
): Promise<ProbabilityMatrix> {
  if (typeof member === 'string') {
    const { model } = await loadModel(member);
    try {
      return predict(model, set, options);
    } finally {
      model.dispose();
    }
  }
  if (typeof member === 'function') return member(set);
  if ('data' in member) return member;
  return predict(member, set, options);
}
