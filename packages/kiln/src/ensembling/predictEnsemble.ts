import type { Examples } from '../data/index.js';
import type { PredictOptions } from '../training/predict.js';
import { memberProbabilities } from './members.js';
import type { ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
import { loadEnsemble } from './ensembleFile.js';

/**
 * The class probabilities of the ensemble saved in `dir` for `set`, as `predict` gives them for a
 * single model: each member folder is loaded and run once, then the fitted ensembler combines them.
 */
export async function predictEnsemble(
  dir: string,
  set: Examples,
  options: PredictOptions = {},
): Promise<ProbabilityMatrix> {
  const { members, ensembler } = await loadEnsemble(dir);
  return ensembler.predict(await memberProbabilities(members, set, options));
}
