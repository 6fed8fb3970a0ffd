import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset, type DatasetName } from '../../src/data/loadDataset.js';
import { fashionMnistFiles, temporaryFolder, writeFiles } from './fixtures.js';

describe('loadDataset', () => {
  it('dispatches by name to the matching loader', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, fashionMnistFiles(10, 10));
      const dataset = await loadDataset('fashion-mnist', { path: folder.path });
      assert.equal(dataset.name, 'fashion-mnist');
      await assert.rejects(loadDataset('cifar10', { path: folder.path }), /data_batch_1\.bin: missing from /);
    } finally {
      await folder.remove();
    }
  });

  it('rejects an unknown name, listing the known ones', async () => {
    await assert.rejects(
      loadDataset('svhn' as DatasetName),
      /unknown dataset 'svhn'; choose one of cifar10, fashion-mnist, mnist, cifar100, cifar100-coarse/,
    );
  });
});
