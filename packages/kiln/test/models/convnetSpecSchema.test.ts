import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestChapterCandidate } from '../../src/chapter/searchSpace.js';
import { modelSpecs, parseConvnetSpec } from '../../src/models/index.js';
import { createStudy, RandomSampler } from '../../src/tuning/index.js';

test("every registry model's spec passes the ConvnetSpec schema unchanged", () => {
  for (const [name, spec] of Object.entries(modelSpecs)) {
    assert.deepEqual(parseConvnetSpec(JSON.parse(JSON.stringify(spec)), name), spec, name);
  }
});

test('the schema names each wrong field with the value received and what is allowed', () => {
  const good = JSON.parse(JSON.stringify(modelSpecs.separable)) as Record<string, unknown>;
  assert.throws(
    () => parseConvnetSpec({ ...good, convolution: 'weird', blocks: [{ filters: [0], maxPooling: 'no' }] }, 'x.json'),
    /^Error: x\.json is not a valid ConvnetSpec: convolution is "weird": it must be "separable" or "regular"; blocks\[0\]\.filters\[0\] is 0: it must be a whole number of filters, 1 or more; blocks\[0\]\.maxPooling is "no": it must be true or false/,
  );
  assert.throws(() => parseConvnetSpec([], 'list.json'), /list\.json is not a valid ConvnetSpec: the spec is \[\]/);
  assert.throws(
    () => parseConvnetSpec({ ...good, optimizer: { name: 'sgd', learningRate: -1 } }, 'x.json'),
    /optimizer\.learningRate is -1: it must be a positive number/,
  );
});

test('every spec the chapter search space suggests (what `kiln tune` saves as spec.json) passes the schema', async () => {
  const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 5 }) });
  for (let index = 0; index < 30; index++) {
    const trial = await study.ask();
    const { spec } = await suggestChapterCandidate(trial, { inputShape: [32, 32, 3] });
    assert.deepEqual(parseConvnetSpec(JSON.parse(JSON.stringify(spec)), `trial ${index}`), spec);
    await study.tell(trial, 0);
  }
});
