import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readStoredObjectives } from '../../src/chapter/objectives.js';
import { METRIC_NAMES_ATTR } from '../../src/tuning/index.js';
import { readStudyAttr, readTuneSettings, TUNE_SETTINGS_ATTR } from '../../src/chapter/studySettings.js';
import { InMemoryStorage } from '../../src/tuning/index.js';

describe('study attributes kiln tune stores', () => {
  it('reads an attribute of a named study, and undefined for a missing study or attribute', async () => {
    const storage = new InMemoryStorage();
    const studyId = await storage.createStudy('tuned', ['maximize']);
    await storage.setStudyUserAttr(studyId, 'note', { kept: true });
    assert.deepEqual(await readStudyAttr(storage, 'tuned', 'note'), { kept: true });
    assert.equal(await readStudyAttr(storage, 'tuned', 'other'), undefined);
    assert.equal(await readStudyAttr(storage, 'absent', 'note'), undefined);
  });

  it('reads the tune settings, null for a new study or one not made by kiln tune', async () => {
    const storage = new InMemoryStorage();
    const settings = { dataset: 'cifar10', limit: 500, epochs: 3, seed: 7 };
    await storage.setStudyUserAttr(await storage.createStudy('tuned', ['maximize']), TUNE_SETTINGS_ATTR, settings);
    await storage.createStudy('made elsewhere', ['maximize']);
    assert.deepEqual(await readTuneSettings(storage, 'tuned'), settings);
    assert.equal(await readTuneSettings(storage, 'made elsewhere'), null);
    assert.equal(await readTuneSettings(storage, 'absent'), null);
  });

  it('reads the stored objectives, validation accuracy for a study stored before --objectives', async () => {
    const storage = new InMemoryStorage();
    const studyId = await storage.createStudy('pareto', ['maximize', 'minimize']);
    await storage.setStudyUserAttr(studyId, METRIC_NAMES_ATTR, ['val_accuracy', 'parameters']);
    await storage.createStudy('older', ['maximize']);
    assert.deepEqual(await readStoredObjectives(storage, 'pareto'), ['val_accuracy', 'parameters']);
    assert.deepEqual(await readStoredObjectives(storage, 'older'), ['val_accuracy']);
  });
});
