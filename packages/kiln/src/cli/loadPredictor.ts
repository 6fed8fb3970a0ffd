import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Examples } from '../data/index.js';
import { ENSEMBLE_FILE, loadEnsemble, predictEnsemble } from '../ensembling/index.js';
import type { ProbabilityMatrix } from '../metrics/index.js';
import { loadModel, type KilnModelMetadata } from '../models/index.js';
import { predict, type PredictOptions } from '../training/index.js';

/** A saved model or a saved ensemble, behind one predict function, so commands treat both alike. */
export interface Predictor {
  /** For an ensemble: its first member's (all members share input shape and classes). */
  readonly metadata: KilnModelMetadata;
  predict(set: Examples, options?: PredictOptions): Promise<ProbabilityMatrix>;
  dispose(): void;
}

/** Loads `dir`: an ensemble when it holds `ensemble.json` (from `kiln ensemble`), else a model. */
export async function loadPredictor(dir: string): Promise<Predictor> {
  if (existsSync(path.join(dir, ENSEMBLE_FILE))) {
    const { members } = await loadEnsemble(dir);
    const first = await loadModel(members[0]!);
    first.model.dispose();
    return {
      metadata: { ...first.metadata, modelName: `ensemble of ${members.length}` },
      predict: (set, options) => predictEnsemble(dir, set, options),
      dispose: () => undefined,
    };
  }
  const { model, metadata } = await loadModel(dir);
  return {
    metadata,
    predict: async (set, options) => predict(model, set, options),
    dispose: () => model.dispose(),
  };
}
