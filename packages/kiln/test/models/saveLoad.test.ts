import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setupBackend } from '../../src/backend/select.js';
import {
  buildConvnet,
  fileSystemHandler,
  loadModel,
  saveModel,
  type ConvnetSpec,
  type KilnModelMetadata,
} from '../../src/models/index.js';

const spec: ConvnetSpec = {
  convolution: 'separable',
  blocks: [{ filters: [4], maxPooling: true }],
  batchNormalization: true,
  head: 'globalAveragePooling',
  dense: [{ units: 8, dropout: 0.5 }],
  optimizer: { name: 'adadelta', learningRate: 1.0 },
};
const metadata: KilnModelMetadata = {
  modelName: 'tiny',
  spec,
  inputShape: [8, 8, 3],
  classNames: ['a', 'b', 'c'],
  dataset: 'synthetic',
};

describe('saveModel / loadModel', () => {
  let root: string;
  before(async () => {
    await setupBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'kiln-save-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const predict = (model: tfl.LayersModel, x: tf.Tensor): number[][] =>
    tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);

  test('a saved model loads with identical predictions, its metadata, and compiled with its optimizer', async () => {
    const model = buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3, seed: 3 });
    // Train a step so BN's moving statistics differ from their initial values.
    const x = tf.randomUniform([6, 8, 8, 3], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    await model.trainOnBatch(x, y);
    const dir = join(root, 'model');
    await saveModel(model, dir, metadata);
    assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin', 'weights.sha256']);

    const loaded = await loadModel(dir);
    assert.deepEqual(predict(loaded.model, x), predict(model, x));
    assert.deepEqual(loaded.metadata, metadata);
    assert.equal(loaded.model.optimizer.getClassName(), 'Adadelta');
    assert.equal(loaded.model.optimizer.getConfig().learningRate, 1.0);
    tf.dispose([x, y]);
  });

  test('writes the TensorFlow.js layers format a browser loads: modelTopology, weightsManifest -> weights.bin', async () => {
    const dir = join(root, 'format');
    await saveModel(buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3 }), dir, metadata);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.equal(json.modelTopology.class_name, 'Sequential');
    assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
    assert.equal(json.weightsManifest[0].weights[0].name, 'separable_conv2d/depthwise_kernel');
    const byteCount = (await readFile(join(dir, 'weights.bin'))).byteLength;
    const expected = json.weightsManifest[0].weights.reduce(
      (sum: number, w: { shape: number[] }) => sum + 4 * w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    assert.equal(byteCount, expected);
    // tfjs' own loader reads it through the same handler.
    const plain = await tfl.loadLayersModel(fileSystemHandler(dir));
    assert.equal(plain.layers.length, 8);
  });

  test("tfjs' HTTP loader, as a browser uses it, loads the saved folder with identical predictions", async () => {
    const dir = join(root, 'served');
    const model = buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3, seed: 4 });
    await saveModel(model, dir, metadata);
    const server = createServer((request, response) => {
      readFile(join(dir, (request.url ?? '/').slice(1))).then(
        (body) => response.end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const served = await tfl.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
      const x = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 6);
      assert.deepEqual(predict(served, x), predict(model, x));
      x.dispose();
    } finally {
      server.close();
    }
  });

  test('saving again replaces the old model and leaves no temp folders', async () => {
    const dir = join(root, 'again');
    await saveModel(buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3, seed: 1 }), dir, metadata);
    const second = buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3, seed: 2 });
    await saveModel(second, dir, { ...metadata, modelName: 'second' });
    assert.equal((await loadModel(dir)).metadata.modelName, 'second');
    assert.deepEqual(
      (await readdir(root)).filter((name) => name.includes('tmp')),
      [],
    );
  });

  test('refuses to overwrite a folder that is not a saved model', async () => {
    const dir = join(root, 'precious');
    await saveModel(buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3 }), join(dir, 'inner'), metadata);
    await assert.rejects(
      saveModel(buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3 }), dir, metadata),
      /precious exists and is not a saved model folder/,
    );
    assert.deepEqual(await readdir(dir), ['inner']);
  });

  test('a missing folder is a clear error', async () => {
    await assert.rejects(loadModel(join(root, 'nowhere')), /no saved model in .*nowhere: model.json not found/);
  });

  test('corrupt model.json, truncated weights and missing weights are clear errors', async () => {
    const dir = join(root, 'corrupt');
    await saveModel(buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 3 }), dir, metadata);
    const weights = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), weights.subarray(0, 10));
    await assert.rejects(loadModel(dir), /hold 10 bytes but model.json describes \d+: the saved model is corrupt/);
    await rm(join(dir, 'weights.bin'));
    await assert.rejects(loadModel(dir), /weights file .*weights.bin is missing/);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await assert.rejects(loadModel(dir), /model.json is not valid JSON .*corrupt/);
    await writeFile(join(dir, 'model.json'), '{"hello": 1}');
    await assert.rejects(loadModel(dir), /is not a TensorFlow.js layers model/);
  });
});
