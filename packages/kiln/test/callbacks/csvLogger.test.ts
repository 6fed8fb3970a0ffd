import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/backend/select.js';
import { CSVLogger } from '../../src/callbacks/index.js';
import { buildConvnet } from '../../src/models/index.js';
import { tinySpec } from '../training/syntheticImages.js';
import { driveEpochs, valLosses } from './driveCallbacks.js';

const tinyModel = () => buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });

before(async () => {
  await setupBackend('cpu');
});

test('CSVLogger writes a header and one row per epoch; append continues a file, else it starts over', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'kiln-csv-')), 'history.csv');
  await driveEpochs([new CSVLogger(path)], tinyModel(), valLosses(0.9, 0.8));
  const header = 'epoch,acc,loss,val_acc,val_loss';
  assert.equal(await readFile(path, 'utf8'), `${header}\n0,0.5,1,0.5,0.9\n1,0.5,1,0.5,0.8\n`);
  await driveEpochs([new CSVLogger(path, { append: true })], tinyModel(), valLosses(0.7));
  assert.equal(await readFile(path, 'utf8'), `${header}\n0,0.5,1,0.5,0.9\n1,0.5,1,0.5,0.8\n0,0.5,1,0.5,0.7\n`);
  await driveEpochs([new CSVLogger(path)], tinyModel(), valLosses(0.6));
  assert.equal(await readFile(path, 'utf8'), `${header}\n0,0.5,1,0.5,0.6\n`);
});

test("CSVLogger's state rewrites the file as it was at the backup: later rows go, earlier ones come back", async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'kiln-csv-')), 'history.csv');
  const first = new CSVLogger(path);
  await driveEpochs([first], tinyModel(), valLosses(0.9));
  const saved = first.getState();
  await driveEpochs([new CSVLogger(path, { append: true })], tinyModel(), valLosses(0.8));
  const resumed = new CSVLogger(path, { append: true });
  resumed.setState(saved);
  assert.equal(await readFile(path, 'utf8'), 'epoch,acc,loss,val_acc,val_loss\n0,0.5,1,0.5,0.9\n');
  await writeFile(path, '');
  resumed.setState(saved);
  assert.equal(await readFile(path, 'utf8'), 'epoch,acc,loss,val_acc,val_loss\n0,0.5,1,0.5,0.9\n');
  assert.equal(resumed.rows, 1);
});
