import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertFitsModel, datasetOfModel } from '../../src/cli/loadData.js';
import { getModelSpec, type KilnModelMetadata } from '../../src/models/index.js';

const metadata: KilnModelMetadata = {
  modelName: 'regular',
  spec: getModelSpec('regular'),
  inputShape: [28, 28, 1],
  classNames: [],
  dataset: 'fashion-mnist',
};

test('a saved model is tested on --dataset, else on the dataset it was trained on', () => {
  assert.equal(datasetOfModel(undefined, metadata), 'fashion-mnist');
  assert.equal(datasetOfModel('cifar10', metadata), 'cifar10');
  assert.throws(
    () => datasetOfModel(undefined, { ...metadata, dataset: undefined }),
    /does not say which dataset .*: pass --dataset cifar10\|fashion-mnist/,
  );
  assert.throws(
    () => datasetOfModel(undefined, { ...metadata, dataset: 'imagenet' }),
    /'imagenet' is not one Kiln loads/,
  );
});

test('images of another shape than the model takes are refused with both shapes named', () => {
  const set = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, height: 32, width: 32, channels: 3 };
  assert.throws(() => assertFitsModel(set, metadata), /the model takes 28x28x1 images but this dataset has 32x32x3/);
  assert.doesNotThrow(() => assertFitsModel({ ...set, height: 28, width: 28, channels: 1 }, metadata));
});
