import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStudy, InMemoryStorage, loadStudy, METRIC_NAMES_ATTR, metricNamesOf } from '../../src/tuning/index.js';

test('setMetricNames names each objective, checked against the directions; getMetricNames reads them back, or null', async () => {
  const storage = new InMemoryStorage();
  const study = await createStudy({ storage, studyName: 'named', directions: ['maximize', 'minimize'] });
  assert.equal(await study.getMetricNames(), null);
  await study.setMetricNames(['accuracy', 'parameters']);
  assert.deepEqual(await (await loadStudy({ storage, studyName: 'named' })).getMetricNames(), [
    'accuracy',
    'parameters',
  ]);
  await assert.rejects(
    study.setMetricNames(['accuracy']),
    /needs 2 non-empty name\(s\), one per objective \(got \["accuracy"\]\)/,
  );
  await assert.rejects(study.setMetricNames(['accuracy', '']), /non-empty/);
});

test('metricNamesOf reads the names kiln tune stored before setMetricNames existed, and ignores ones that do not fit', () => {
  assert.deepEqual(metricNamesOf({ [METRIC_NAMES_ATTR]: ['val_accuracy', 'latency'] }, 2), ['val_accuracy', 'latency']);
  assert.equal(metricNamesOf({ [METRIC_NAMES_ATTR]: ['val_accuracy'] }, 2), null, 'one name for two objectives');
  assert.equal(metricNamesOf({ [METRIC_NAMES_ATTR]: [1, 2] }, 2), null, 'not names');
  assert.equal(metricNamesOf({}, 1), null);
});
