import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENSEMBLE_FILE, loadEnsemble, saveEnsemble } from '../../src/ensembling/ensembleFile.js';
import { ENSEMBLE_METHODS, createEnsembler, ensemblerFromState } from '../../src/ensembling/createEnsembler.js';
import { assertClose, memberPredicting, randomLabels, seededRandom } from '../support/probabilities.js';

const classes = 3;
const random = seededRandom(5);
const labels = randomLabels(60, classes, random);
const members = [0.8, 0.6, 0.4].map((rightShare) =>
  memberPredicting(labels, classes, 0.7, (label) => (random() < rightShare ? label : (label + 1) % classes)),
);

for (const method of ENSEMBLE_METHODS) {
  test(`a fitted '${method}' ensemble predicts the same after a JSON round trip`, () => {
    const fitted = createEnsembler(method, { select: { rounds: 5 }, stack: { folds: 3 } }).fit(members, labels);
    const restored = ensemblerFromState(JSON.parse(JSON.stringify(fitted.getState())));
    assert.equal(restored.method, method);
    assertClose(restored.predict(members).data, Array.from(fitted.predict(members).data));
  });
}

test('saveEnsemble and loadEnsemble keep member folders and the fitted state', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kiln-ensemble-'));
  try {
    const ensembler = createEnsembler('weighted').fit(members, labels);
    const memberDirs = ['a', 'b', 'c'].map((name) => path.join(root, 'models', name));
    const dir = path.join(root, 'ensemble');
    await saveEnsemble(dir, { members: memberDirs, ensembler });
    assert.deepEqual(await readdir(dir), [ENSEMBLE_FILE]);
    const saved = JSON.parse(await readFile(path.join(dir, ENSEMBLE_FILE), 'utf8'));
    assert.deepEqual(saved.members, ['../models/a', '../models/b', '../models/c']);
    const loaded = await loadEnsemble(dir);
    assert.deepEqual(loaded.members, memberDirs);
    assertClose(loaded.ensembler.predict(members).data, Array.from(ensembler.predict(members).data));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('saveEnsemble refuses a member list that does not match the fitted ensemble', async () => {
  const ensembler = createEnsembler('average').fit(members, labels);
  await assert.rejects(
    saveEnsemble(os.tmpdir(), { members: ['only-one'], ensembler }),
    /fitted on 3 members but 1 member folders/,
  );
});

test('loadEnsemble explains a missing, malformed or inconsistent ensemble file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-ensemble-'));
  try {
    await assert.rejects(loadEnsemble(dir), /no ensemble in .*ensemble\.json/);
    await writeFile(path.join(dir, ENSEMBLE_FILE), '{ not json');
    await assert.rejects(loadEnsemble(dir), /is not valid JSON/);
    const state = { method: 'weighted', memberCount: 2, classes: 3, weights: [0.5, 0.5] };
    await writeFile(path.join(dir, ENSEMBLE_FILE), JSON.stringify({ format: 'kiln-ensemble', members: ['x'], state }));
    await assert.rejects(loadEnsemble(dir), /lists 1 member folders but its state was fitted on 2/);
    await writeFile(
      path.join(dir, ENSEMBLE_FILE),
      JSON.stringify({ format: 'kiln-ensemble', members: ['x', 'y'], state: { ...state, weights: [1, -1] } }),
    );
    await assert.rejects(loadEnsemble(dir), /'weights' must hold 2 non-negative numbers/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('ensemblerFromState names the field that is wrong', () => {
  assert.throws(
    () => ensemblerFromState({ method: 'boost', memberCount: 1, classes: 2 }),
    /'method' is "boost"; expected one of average/,
  );
  assert.throws(
    () => ensemblerFromState({ method: 'vote', memberCount: 0, classes: 2, voting: 'hard' }),
    /'memberCount' is 0/,
  );
  assert.throws(
    () =>
      ensemblerFromState({
        method: 'stack',
        memberCount: 1,
        classes: 2,
        features: 'probabilities',
        l2: 0,
        folds: 2,
        parameters: [1],
        featureMeans: [0, 0],
        featureScales: [1, 1],
      }),
    /has 1 parameters but 1 members of 2 classes need 6/,
  );
});
