import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import { buildConvnet } from '../../src/models/index.js';
import { createStudy, RandomSampler, type Trial } from '../../src/tuning/index.js';
import { suggestChapterCandidate, type ChapterCandidate } from '../../src/chapter/searchSpace.js';

type Shape = readonly [number, number, number];

/** Runs one trial per fixed parameter set through the search space and returns what each suggested. */
async function candidatesFor(
  fixed: readonly Record<string, string | number | boolean>[],
  inputShape: Shape,
): Promise<ChapterCandidate[]> {
  const study = await createStudy({ direction: 'maximize' });
  for (const params of fixed) await study.enqueueTrial(params);
  const candidates: ChapterCandidate[] = [];
  await study.optimize(
    async (trial: Trial) => {
      candidates.push(await suggestChapterCandidate(trial, { inputShape, filters: [2, 4] }));
      return 0;
    },
    { nTrials: fixed.length, catch: false },
  );
  return candidates;
}

const branches = ['separable', 'regular'].flatMap((convolution) =>
  [true, false].flatMap((batchNormalization) =>
    ['rmsprop', 'adadelta', 'adam'].map((optimizer) => ({ convolution, batchNormalization, optimizer })),
  ),
);

describe("the chapter's search space", () => {
  test('every convolution x batch-norm x optimizer branch, at every depth 32x32 allows, builds a compilable convnet that matches its parameters', async () => {
    const fixed = branches.flatMap((branch) => [1, 2, 3].map((depth) => ({ ...branch, depth, filters: 3 })));
    const candidates = await candidatesFor(fixed, [32, 32, 3]);
    assert.equal(candidates.length, fixed.length);
    candidates.forEach(({ spec, batchSize }, index) => {
      const params = fixed[index]!;
      assert.equal(spec.convolution, params.convolution);
      assert.equal(spec.batchNormalization, params.batchNormalization);
      assert.equal(spec.optimizer.name, params.optimizer);
      assert.equal(spec.blocks.length, params.depth);
      assert.deepEqual(
        spec.blocks.map((block) => block.filters),
        spec.blocks.map((_, block) => [3 * 2 ** block, 3 * 2 ** block]),
      );
      assert.ok([32, 64, 128].includes(batchSize));
      const model = buildConvnet(spec, { inputShape: [32, 32, 3], numClasses: 10 });
      assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
      model.dispose();
    });
  });

  test("adadelta's learning rate is searched around 1.0, the other optimizers' around 1e-3, under separate names", async () => {
    const fixed = ['adadelta', 'adam', 'rmsprop'].flatMap((optimizer) =>
      Array.from({ length: 4 }, () => ({ optimizer })),
    );
    const candidates = await candidatesFor(fixed, [28, 28, 1]);
    for (const { spec } of candidates) {
      const rate = spec.optimizer.learningRate!;
      if (spec.optimizer.name === 'adadelta') assert.ok(rate >= 0.1 && rate <= 10, `adadelta rate ${rate}`);
      else assert.ok(rate >= 1e-4 && rate <= 1e-2, `${spec.optimizer.name} rate ${rate}`);
    }
  });

  test('the depth is capped by what the images allow: 28x28 fits two blocks of two 3x3 convolutions, 8x8 one', async () => {
    const study = await createStudy({ direction: 'maximize' });
    const trial = await study.ask();
    await suggestChapterCandidate(trial, { inputShape: [28, 28, 1] });
    assert.deepEqual(trial.distributions.depth, { type: 'int', low: 1, high: 2, log: false, step: 1 });
    const small = await study.ask();
    const { spec } = await suggestChapterCandidate(small, { inputShape: [8, 8, 3], filters: [2, 2] });
    assert.equal(spec.blocks.length, 1);
    const model = buildConvnet(spec, { inputShape: [8, 8, 3] });
    model.dispose();
  });

  test('convolutions narrows the search to the listed convolution types', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 4 }) });
    const kinds = new Set<string>();
    await study.optimize(
      async (trial: Trial) => {
        const { spec } = await suggestChapterCandidate(trial, { inputShape: [32, 32, 3], convolutions: ['regular'] });
        kinds.add(spec.convolution);
        return 0;
      },
      { nTrials: 12, catch: false },
    );
    assert.deepEqual([...kinds], ['regular']);
    assert.deepEqual(study.trials[0]!.distributions['convolution'], { type: 'categorical', choices: ['regular'] });
  });

  test('images too small for one block are refused with the size they need', async () => {
    const study = await createStudy({ direction: 'maximize' });
    await assert.rejects(
      suggestChapterCandidate(await study.ask(), { inputShape: [4, 4, 1] }),
      /4x4 are too small.*at least 5x5 pixels/,
    );
  });
});
