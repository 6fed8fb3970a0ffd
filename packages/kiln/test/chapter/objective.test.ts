import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ImageDataset } from '../../src/data/index.js';
import { accuracy } from '../../src/metrics/index.js';
import { createStudy, InMemoryStorage, NopPruner, type Pruner } from '../../src/tuning/index.js';
import { chapterObjective } from '../../src/chapter/objective.js';
import { ARTIFACT_DIR_ATTR, loadTrialPredictions } from '../../src/chapter/trialArtifacts.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

/** Prunes every trial at its first report. */
const alwaysPrune: Pruner = { prune: async () => true };

describe('chapterObjective', () => {
  let root: string;
  const dataset: ImageDataset = {
    name: 'dark-bright',
    train: darkAndBrightImages(40),
    test: darkAndBrightImages(10),
    classNames: ['dark', 'bright'],
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-objective-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const objective = (artifactRoot: string): ReturnType<typeof chapterObjective> =>
    chapterObjective({ dataset, epochs: 2, artifactRoot, space: { filters: [2, 2], batchSizes: [16] }, seed: 1 });

  test('a COMPLETE trial reports val accuracy after each epoch and returns the accuracy of the val predictions it saved', async () => {
    const study = await createStudy({ direction: 'maximize', pruner: new NopPruner() });
    await study.optimize(objective(join(root, 'complete')), { nTrials: 1, catch: false });
    const [trial] = study.trials;
    assert.equal(trial!.state, 'COMPLETE');
    assert.deepEqual([...trial!.intermediateValues.keys()], [1, 2]);
    const dir = trial!.userAttrs[ARTIFACT_DIR_ATTR] as string;
    assert.equal(dir, join(root, 'complete', 'trial-0'));
    const val = await loadTrialPredictions(dir, 'val');
    assert.equal(val.probabilities.rows, 8, 'the last 20% of the 40 training images');
    assert.deepEqual(val.labels, dataset.train.labels.subarray(32));
    assert.equal(trial!.value, accuracy(val.probabilities, val.labels));
    assert.equal(trial!.intermediateValues.get(2), trial!.value);
    assert.equal((await loadTrialPredictions(dir, 'test')).probabilities.rows, 10);
  });

  test("the trial's heartbeat gets to run after each epoch, although training blocks the event loop", async () => {
    const storage = new InMemoryStorage();
    let beats = 0;
    const recordHeartbeat = storage.recordHeartbeat.bind(storage);
    storage.recordHeartbeat = async (trialId) => {
      beats += 1;
      return recordHeartbeat(trialId);
    };
    // Pruned at the first report, so no file writing (which would also let timers run) follows the epoch.
    const study = await createStudy({ storage, direction: 'maximize', pruner: alwaysPrune, heartbeatInterval: 0.001 });
    await study.optimize(objective(join(root, 'heartbeat')), { nTrials: 1, catch: false });
    assert.equal(study.trials[0]!.state, 'PRUNED');
    assert.ok(beats >= 2, `${beats} heartbeat(s): only the one recorded when the trial started`);
  });

  test('trials free their tensors, the optimizer state included', async () => {
    const study = await createStudy({ direction: 'maximize', pruner: new NopPruner() });
    await study.optimize(objective(join(root, 'warm-up')), { nTrials: 1, catch: false });
    const before = tf.memory().numTensors;
    await study.optimize(objective(join(root, 'memory')), { nTrials: 2, catch: false });
    assert.equal(tf.memory().numTensors, before);
  });

  test('a trial the pruner stops after its first epoch ends PRUNED and saves nothing', async () => {
    const study = await createStudy({ direction: 'maximize', pruner: alwaysPrune });
    await study.optimize(objective(join(root, 'pruned')), { nTrials: 1, catch: false });
    const [trial] = study.trials;
    assert.equal(trial!.state, 'PRUNED');
    assert.deepEqual([...trial!.intermediateValues.keys()], [1]);
    assert.equal(trial!.userAttrs[ARTIFACT_DIR_ATTR], undefined);
  });
});
