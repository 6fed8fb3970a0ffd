import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupBackend } from '../../src/backend/select.js';
import { memberProbabilities } from '../../src/ensembling/members.js';
import { predictEnsemble } from '../../src/ensembling/predictEnsemble.js';
import { saveEnsemble } from '../../src/ensembling/ensembleFile.js';
import { createEnsembler } from '../../src/ensembling/createEnsembler.js';
import { buildConvnet, saveModel, type KilnModelMetadata } from '../../src/models/index.js';
import { predict } from '../../src/training/index.js';
import { darkAndBrightImages, tinySpec } from '../training/syntheticImages.js';
import { assertClose } from '../support/probabilities.js';

const set = darkAndBrightImages(12);
const metadata: KilnModelMetadata = {
  modelName: 'tiny',
  spec: tinySpec,
  inputShape: [8, 8, 3],
  classNames: ['dark', 'bright'],
};

describe('ensemble members', () => {
  let root: string;
  before(async () => {
    await setupBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'kiln-members-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('a model, its saved folder, a function and precomputed probabilities give the same predictions', async () => {
    const model = buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });
    const folder = path.join(root, 'model');
    await saveModel(model, folder, metadata);
    const expected = predict(model, set);
    const got = await memberProbabilities([model, folder, (images) => predict(model, images), expected], set);
    assert.equal(got.length, 4);
    for (const probabilities of got) assertClose(probabilities.data, Array.from(expected.data));
    model.dispose();
  });

  test('members that disagree on the class count are rejected', async () => {
    const twoClasses = buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });
    const threeClasses = buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 3, seed: 1 });
    await assert.rejects(
      memberProbabilities([twoClasses, threeClasses], set),
      /member 1 has 3 classes but member 0 has 2/,
    );
    twoClasses.dispose();
    threeClasses.dispose();
  });

  test('predictEnsemble loads the members of a saved ensemble and combines them like the fitted ensembler', async () => {
    const folders = [1, 2].map((seed) => path.join(root, `member-${seed}`));
    const models = [1, 2].map((seed) => buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed }));
    for (const [i, model] of models.entries()) await saveModel(model, folders[i]!, metadata);
    const probabilities = models.map((model) => predict(model, set));
    const ensembler = createEnsembler('weighted').fit(probabilities, set.labels);
    const dir = path.join(root, 'ensemble');
    await saveEnsemble(dir, { members: folders, ensembler });
    assertClose((await predictEnsemble(dir, set)).data, Array.from(ensembler.predict(probabilities).data));
    models.forEach((model) => model.dispose());
  });
});
