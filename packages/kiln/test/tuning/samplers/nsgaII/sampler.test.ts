import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createStudy,
  GENERATION_KEY,
  hypervolume,
  InMemoryStorage,
  loadStudy,
  NSGAIISampler,
  RandomSampler,
  type Sampler,
  type Study,
  type Trial,
} from '../../../../src/tuning/index.js';

/** ZDT1 on three variables: both objectives minimized, the front is f2 = 1 - sqrt(f1). */
async function zdt1(trial: Trial): Promise<number[]> {
  const x = [
    await trial.suggestFloat('x0', 0, 1),
    await trial.suggestFloat('x1', 0, 1),
    await trial.suggestFloat('x2', 0, 1),
  ];
  const g = 1 + (9 * (x[1]! + x[2]!)) / 2;
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

async function frontVolume(sampler: Sampler, nTrials: number): Promise<number> {
  const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
  await study.optimize(zdt1, { nTrials });
  return hypervolume(
    study.bestTrials.map((t) => [...t.values!]),
    [1.1, 11],
  );
}

const generations = (study: Study): unknown[] => study.trials.map((t) => t.systemAttrs[GENERATION_KEY]);

describe('NSGAIISampler', () => {
  test('records each trial generation as a system attribute, populationSize trials per generation', async () => {
    const study = await createStudy({
      directions: ['minimize', 'minimize'],
      sampler: new NSGAIISampler({ populationSize: 4, seed: 1 }),
    });
    await study.optimize(zdt1, { nTrials: 10 });
    assert.deepEqual(generations(study), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
  });

  test('the same seed gives the same trials', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({
        directions: ['minimize', 'minimize'],
        sampler: new NSGAIISampler({ populationSize: 5, seed }),
      });
      await study.optimize(zdt1, { nTrials: 15 });
      return study.trials.map((t) => t.params);
    };
    assert.deepEqual(await run(3), await run(3));
    assert.notDeepEqual(await run(3), await run(4));
  });

  test('without mutation, every parameter of a child comes from a trial of the generations before', async () => {
    const study = await createStudy({
      directions: ['minimize', 'minimize'],
      sampler: new NSGAIISampler({ populationSize: 4, mutationProb: 0, seed: 2 }),
    });
    await study.optimize(zdt1, { nTrials: 12 });
    for (const child of study.trials.filter((t) => (t.systemAttrs[GENERATION_KEY] as number) > 0)) {
      const earlier = study.trials.filter(
        (t) => (t.systemAttrs[GENERATION_KEY] as number) < (child.systemAttrs[GENERATION_KEY] as number),
      );
      for (const [name, value] of Object.entries(child.params))
        assert.ok(
          earlier.some((t) => t.params[name] === value),
          `trial ${child.number}: ${name} = ${value} is a parent's`,
        );
    }
  });

  test('workers with their own sampler on one storage share the generations', async () => {
    const storage = new InMemoryStorage();
    const options = {
      storage,
      studyName: 'shared',
      directions: ['minimize', 'minimize'] as ('minimize' | 'maximize')[],
    };
    const first = await createStudy({ ...options, sampler: new NSGAIISampler({ populationSize: 3, seed: 1 }) });
    const second = await loadStudy({ ...options, sampler: new NSGAIISampler({ populationSize: 3, seed: 2 }) });
    for (let round = 0; round < 4; round++) {
      await first.optimize(zdt1, { nTrials: 1 });
      await second.optimize(zdt1, { nTrials: 1 });
    }
    await first.refresh();
    assert.deepEqual(generations(first), [0, 0, 0, 1, 1, 1, 2, 2]);
  });

  test('finds a larger hypervolume on ZDT1 than random sampling in 200 trials', async () => {
    const nsga = await frontVolume(new NSGAIISampler({ populationSize: 20, seed: 1 }), 200);
    const random = await frontVolume(new RandomSampler({ seed: 1 }), 200);
    assert.ok(nsga > random, `NSGA-II ${nsga} vs random ${random}`);
  });

  test('bad options are refused with what was received', () => {
    assert.throws(() => new NSGAIISampler({ populationSize: 1 }), /populationSize must be an integer >= 2 \(got 1\)/);
    assert.throws(
      () => new NSGAIISampler({ mutationProb: 2 }),
      /mutationProb must be a probability in \[0, 1\] \(got 2\)/,
    );
  });
});
