import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import { buildConvnet, loadModel, type ConvnetSpec } from '../../src/models/index.js';
import type { FrozenTrial } from '../../src/tuning/index.js';
import { frozenTrial } from '../tuning/frozenTrialFixture.js';
import {
  ARTIFACT_DIR_ATTR,
  loadTrialPredictions,
  saveTrialArtifacts,
  trialTestAccuracy,
  type TrialArtifacts,
} from '../../src/chapter/trialArtifacts.js';

const spec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [2], maxPooling: true }],
  batchNormalization: false,
  head: 'flatten',
  dense: [],
  optimizer: { name: 'adam', learningRate: 0.01 },
};

/** Three rows of 2-class probabilities: the test set's predicted classes are 1, 0, 0 against labels 1, 0, 1. */
function artifacts(): TrialArtifacts {
  return {
    model: buildConvnet(spec, { inputShape: [8, 8, 1], numClasses: 2, seed: 1 }),
    metadata: { modelName: 'trial-0', spec, inputShape: [8, 8, 1], classNames: ['dark', 'bright'] },
    predictions: {
      val: { probabilities: { data: Float32Array.of(0.25, 0.75), rows: 1, classes: 2 }, labels: Uint8Array.of(1) },
      test: {
        probabilities: { data: Float32Array.of(0.1, 0.9, 0.6, 0.4, 0.8, 0.2), rows: 3, classes: 2 },
        labels: Uint8Array.of(1, 0, 1),
      },
    },
  };
}

function completedTrial(artifactDir: unknown): FrozenTrial {
  return frozenTrial({
    trialId: 1,
    number: 0,
    value: 1,
    userAttrs: artifactDir === undefined ? {} : { [ARTIFACT_DIR_ATTR]: artifactDir as string },
  });
}

describe('trial artifacts', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-artifacts-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('a saved trial folder holds the model, its spec and both splits, which read back exactly', async () => {
    const dir = join(root, 'trial-0');
    await saveTrialArtifacts(dir, artifacts());
    assert.deepEqual((await readdir(dir)).sort(), [
      'model',
      'predictions.json',
      'spec.json',
      'test.f32',
      'test.labels',
      'val.f32',
      'val.labels',
    ]);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'spec.json'), 'utf8')), spec);
    const test = await loadTrialPredictions(dir, 'test');
    assert.deepEqual(test.probabilities, artifacts().predictions.test.probabilities);
    assert.deepEqual(test.labels, Uint8Array.of(1, 0, 1));
    assert.deepEqual((await loadTrialPredictions(dir, 'val')).labels, Uint8Array.of(1));
    const { metadata } = await loadModel(join(dir, 'model'));
    assert.equal(metadata.modelName, 'trial-0');
    assert.deepEqual(
      (await readdir(root)).filter((name) => name.includes('partial')),
      [],
      'no staging folder is left behind',
    );
  });

  test("a trial's test accuracy comes from its saved test predictions", async () => {
    const dir = join(root, 'trial-accuracy');
    await saveTrialArtifacts(dir, artifacts());
    assert.equal(await trialTestAccuracy(completedTrial(dir)), 2 / 3);
  });

  test('a trial without an artifact folder, or with a damaged one, is refused with what to do', async () => {
    await assert.rejects(trialTestAccuracy(completedTrial(undefined)), /trial 0 has no 'artifactDir' user attribute/);
    const dir = join(root, 'trial-damaged');
    await saveTrialArtifacts(dir, artifacts());
    await writeFile(join(dir, 'test.f32'), new Uint8Array(5));
    await assert.rejects(
      loadTrialPredictions(dir, 'test'),
      /holds 5 bytes.*expected 24 bytes and 3 labels; the folder is damaged/,
    );
    await assert.rejects(loadTrialPredictions(join(root, 'missing'), 'val'), /is not a complete trial artifact folder/);
  });

  test('saving over an earlier folder replaces it whole', async () => {
    const dir = join(root, 'trial-replaced');
    await saveTrialArtifacts(dir, artifacts());
    await writeFile(join(dir, 'stale.txt'), 'from an earlier study');
    await saveTrialArtifacts(dir, artifacts());
    assert.ok(!(await readdir(dir)).includes('stale.txt'));
  });
});
