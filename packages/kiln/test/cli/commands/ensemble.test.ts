import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setupBackend } from '../../../src/backend/select.js';
import { loadFashionMnist } from '../../../src/data/index.js';
import { loadEnsemble, predictEnsemble } from '../../../src/ensembling/index.js';
import { accuracy, type ProbabilityMatrix } from '../../../src/metrics/index.js';
import { buildConvnet, saveModel } from '../../../src/models/index.js';
import { createStudy, type CreateStudyOptions, type TrialResult } from '../../../src/tuning/index.js';
import { ARTIFACT_DIR_ATTR, saveTrialArtifacts } from '../../../src/chapter/index.js';
import { fashionMnistFiles, writeFiles } from '../../data/fixtures.js';
import { tinySpec } from '../../training/syntheticImages.js';
import { runKiln } from '../runKiln.js';

const metadata = {
  spec: tinySpec,
  inputShape: [28, 28, 1] as const,
  classNames: [...'abcdefghij'],
  dataset: 'fashion-mnist',
};

/** Probabilities that put `confidence(row)` on `predicted(row)` and spread the rest. */
function probabilities(
  rows: number,
  predicted: (row: number) => number,
  confidence: (row: number) => number,
): ProbabilityMatrix {
  const data = new Float32Array(rows * 10);
  for (let row = 0; row < rows; row++) {
    data.fill((1 - confidence(row)) / 9, row * 10, (row + 1) * 10);
    data[row * 10 + predicted(row)] = confidence(row);
  }
  return { data, rows, classes: 10 };
}

describe('kiln ensemble', () => {
  let root: string;
  let data: string;
  let modelDirs: string[];
  let trialDirs: string[];
  const valLabels = Uint8Array.from({ length: 30 }, (_, i) => i % 10);
  const testLabels = Uint8Array.from({ length: 20 }, (_, i) => (i * 3) % 10);

  before(async () => {
    await setupBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'kiln-ensemble-'));
    data = join(root, 'fashion');
    await writeFiles(data, fashionMnistFiles(60, 20));
    modelDirs = [join(root, 'model-a'), join(root, 'model-b')];
    for (const [seed, dir] of modelDirs.entries()) {
      const model = buildConvnet(tinySpec, { inputShape: [28, 28, 1], numClasses: 10, seed });
      await saveModel(model, dir, { ...metadata, modelName: `tiny-${seed}` });
      model.dispose();
    }
    // Trial folders as `kiln tune` leaves them: one member right on even rows, one on odd rows, one always wrong;
    // each is surer when right (0.8) than when wrong (0.6).
    const rightOn = [(row: number) => row % 2 === 0, (row: number) => row % 2 === 1, () => false];
    trialDirs = rightOn.map((_, index) => join(root, 'study', `trial-${index}`));
    for (const [index, right] of rightOn.entries()) {
      const model = buildConvnet(tinySpec, { inputShape: [28, 28, 1], numClasses: 10, seed: index });
      const split = (labels: Uint8Array) => ({
        probabilities: probabilities(
          labels.length,
          (row) => (right(row) ? labels[row]! : (labels[row]! + 1) % 10),
          (row) => (right(row) ? 0.8 : 0.6),
        ),
        labels,
      });
      await saveTrialArtifacts(trialDirs[index]!, {
        model,
        metadata: { ...metadata, modelName: `trial-${index}` },
        predictions: { val: split(valLabels), test: split(testLabels) },
      });
      model.dispose();
    }
  });
  after(() => rm(root, { recursive: true, force: true }));

  /** The SQLite storage of the --study tests' studies. */
  const studyStorage = () => `sqlite:${join(root, 'studies.db')}`;

  /**
   * Records a study whose trial i scored `results[i]` and left the trial folder i, runs `kiln ensemble
   * --study` over it (`--top 2`, averaging), and returns the members of the ensemble it saved.
   */
  async function ensembleFromStudy(
    study: Omit<CreateStudyOptions, 'storage'> & { studyName: string },
    results: readonly TrialResult[],
  ): Promise<readonly string[]> {
    const storage = studyStorage();
    const created = await createStudy({ ...study, storage });
    for (const [index, result] of results.entries()) {
      const trial = await created.ask();
      await trial.setUserAttr(ARTIFACT_DIR_ATTR, trialDirs[index]!);
      await created.tell(trial, result);
    }
    await created.storage.close();
    const out = join(root, `from-${study.studyName}`);
    const run = await runKiln([
      ...['ensemble', '--study', study.studyName, '--storage', storage, '--top', '2', '--method', 'average'],
      ...['--verbose', '0', '--out', out],
    ]);
    assert.equal(run.code, 0, run.stderr);
    return (await loadEnsemble(out)).members;
  }

  test('fits saved models on the held-out split, prints members and ensemble, and saves an ensemble predictEnsemble reproduces', async () => {
    const out = join(root, 'from-models');
    const run = await runKiln([
      'ensemble',
      '--models',
      ...modelDirs,
      '--method',
      'weighted',
      '--data',
      data,
      '--seed',
      '1',
      '--verbose',
      '0',
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^model +weight +val acc +test acc +test loss +test ECE$/m);
    assert.match(run.stdout, /^model-a +0\.\d{3} +\d\.\d{4} +\d\.\d{4} +\d+\.\d{4} +\d\.\d{4}$/m);
    assert.match(run.stdout, /^ensemble \(weighted\) +\d\.\d{4} +\d\.\d{4}/m);
    assert.match(run.stdout, /^the ensemble's val acc is in-sample \(the weights were fitted on these rows/m);
    assert.deepEqual((await readdir(out)).sort(), ['ensemble.json', 'results.json']);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    assert.equal(results.validationRows, 12, 'the last 20% of the 60 training images');
    assert.equal(results.testRows, 20);
    assert.equal(results.members.length, 2);
    const saved = await loadEnsemble(out);
    assert.deepEqual(saved.members, modelDirs);
    const test = (await loadFashionMnist({ path: data })).test;
    assert.equal(accuracy(await predictEnsemble(out, test), test.labels), results.ensemble.test.accuracy);

    // `kiln evaluate` and `kiln predict` take the ensemble folder like a single model's.
    const evaluated = await runKiln(['evaluate', out, '--data', data, '--verbose', '0']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, new RegExp(`^Test accuracy: ${results.ensemble.test.accuracy.toFixed(4)}$`, 'm'));
    const predicted = await runKiln(['predict', out, '--index', '0', '--data', data, '--verbose', '0']);
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.match(predicted.stdout, /^test image 0: true class /m);
    assert.match(predicted.stdout, /^class +probability$/m);
  });

  test('uses the saved predictions of trial folders: selection skips the always-wrong trial and stacking reports out-of-fold figures', async () => {
    const select = await runKiln([
      'ensemble',
      '--models',
      ...trialDirs,
      '--method',
      'select',
      '--rounds',
      '10',
      '--init-best',
      '2',
      '--verbose',
      '0',
      '--out',
      join(root, 'select'),
    ]);
    assert.equal(select.code, 0, select.stderr);
    const selected = JSON.parse(await readFile(join(root, 'select', 'results.json'), 'utf8'));
    assert.equal(selected.state.weights[2], 0);
    assert.ok(selected.state.weights[0] >= 0.1 && selected.state.weights[1] >= 0.1, 'both experts start the ensemble');
    assert.equal(selected.ensemble.test.accuracy, 1, 'averaging the even-row and odd-row experts gets every row right');
    assert.deepEqual(
      (await loadEnsemble(join(root, 'select'))).members,
      trialDirs.map((dir) => join(dir, 'model')),
    );

    const stack = await runKiln([
      'ensemble',
      '--models',
      ...trialDirs,
      '--method',
      'stack',
      '--folds',
      '3',
      '--verbose',
      '0',
      '--out',
      join(root, 'stack'),
    ]);
    assert.equal(stack.code, 0, stack.stderr);
    const stacked = JSON.parse(await readFile(join(root, 'stack', 'results.json'), 'utf8'));
    assert.equal(stacked.ensemble.validationIsOutOfFold, true);
    assert.match(stack.stdout, /^the ensemble's val acc is out-of-fold \(3-fold cross-validation/m);
    assert.equal(stacked.state.folds, 3);
  });

  test('--study combines the best --top COMPLETE trials of a study', async () => {
    const members = await ensembleFromStudy({ studyName: 'chapter', direction: 'maximize' }, [0.8, 0.9, 0.1]);
    assert.deepEqual(
      members,
      [trialDirs[1], trialDirs[0]].map((dir) => join(dir!, 'model')),
    );
    const missing = await runKiln(['ensemble', '--study', 'nope', '--storage', studyStorage()]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no study named 'nope'/);
  });

  test('--study on a multi-objective study takes its Pareto front first, best on the first objective first', async () => {
    // (val_accuracy, parameters): trials 0 and 2 form the front; 1 is dominated by 0.
    const members = await ensembleFromStudy({ studyName: 'pareto', directions: ['maximize', 'minimize'] }, [
      [0.8, 100],
      [0.7, 200],
      [0.9, 300],
    ]);
    assert.deepEqual(
      members,
      [trialDirs[2], trialDirs[0]].map((dir) => join(dir!, 'model')),
    );
  });

  test('bad usage exits 2 with what to fix', async () => {
    const none = await runKiln(['ensemble']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /exactly one of --models DIR\.\.\. or --study NAME/);
    const absent = await runKiln(['ensemble', '--models', join(root, 'nowhere')]);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /nowhere does not exist: pass saved model or trial folders/);
    const unseeded = await runKiln(['ensemble', '--models', ...modelDirs, '--data', data, '--limit', '30']);
    assert.equal(unseeded.code, 2);
    assert.match(unseeded.stderr, /pass the --seed .*model-a was trained with/);
    const mixed = await runKiln([
      'ensemble',
      '--models',
      trialDirs[0]!,
      ...modelDirs,
      '--data',
      data,
      '--verbose',
      '0',
      '--out',
      join(root, 'mixed'),
    ]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /model-a has val predictions for other rows than trial-0/);
  });
});
