import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { compileModel } from '../../src/models/compileModel.js';
import { modelFromKerasJson } from '../../src/models/kerasJson.js';
import * as layers from '../../src/models/layers/index.js';
import { loadModel, saveModel } from '../../src/models/saveLoad.js';
import { temporaryFolder } from '../data/fixtures.js';
import { keras2Functional, keras2Sequential, keras3Functional, keras3Sequential } from './fixtures/kerasJson.js';

/** Trains `model` a few steps on random data of its input shape and returns the losses. */
async function trainSteps(model: tfl.LayersModel, outputs: number): Promise<number[]> {
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const x = tf.randomUniform([16, ...inputShape], 0, 1, 'float32', 1);
  const y =
    outputs === 1
      ? tf.randomNormal([16, 1], 0, 1, 'float32', 2)
      : tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), outputs), 'float32');
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) losses.push(((await model.trainOnBatch(x, y)) as number[])[0]!);
  tf.dispose([x, y]);
  return losses;
}

const layerOf = (model: tfl.LayersModel, className: string) =>
  model.layers.find((layer) => layer.getClassName() === className);

describe('modelFromKerasJson', () => {
  let folder: { path: string; remove: () => Promise<void> };
  before(async () => {
    await tf.setBackend('cpu');
    folder = await temporaryFolder();
  });
  after(() => folder.remove());

  it("reads a Keras 3 Sequential model with Kiln's layers and its compile_config", async () => {
    const { model, compileConfig } = await modelFromKerasJson(keras3Sequential);
    assert.deepEqual(compileConfig, {
      optimizer: { name: 'adam', learningRate: 0.01 },
      loss: 'categoricalCrossentropy',
    });
    assert.deepEqual(model.inputs[0]!.shape, [null, 8, 8, 3]);
    assert.ok(layerOf(model, 'Conv2D') instanceof layers.Conv2D, 'Conv2D is Kiln’s');
    assert.ok(model.layers.some((layer) => layer instanceof layers.BatchNormalization));
    compileModel(model, compileConfig.optimizer!, 'classification', compileConfig.loss);
    const losses = await trainSteps(model, 3);
    assert.ok(losses.every(Number.isFinite));
    assert.ok(losses.at(-1)! < losses[0]!, `loss falls: ${losses.join(', ')}`);
    const dir = join(folder.path, 'keras3-sequential');
    await saveModel(model, dir, {
      modelName: 'keras3',
      optimizer: compileConfig.optimizer,
      inputShape: [8, 8, 3],
      classNames: ['a', 'b', 'c'],
    });
    const loaded = await loadModel(dir);
    const probe = tf.ones([1, 8, 8, 3]);
    assert.deepEqual(
      Array.from((loaded.model.predict(probe) as tf.Tensor).dataSync(), (v) => v.toFixed(5)),
      Array.from((model.predict(probe) as tf.Tensor).dataSync(), (v) => v.toFixed(5)),
    );
  });

  it('reads a Keras 3 functional model with a residual add, and trains it as a regressor with its loss', async () => {
    const { model, compileConfig } = await modelFromKerasJson(keras3Functional);
    assert.deepEqual(compileConfig, { optimizer: { name: 'rmsprop' }, loss: 'meanAbsoluteError' });
    assert.ok(model.layers.some((layer) => layer.getClassName() === 'Add'));
    compileModel(model, compileConfig.optimizer!, 'regression', compileConfig.loss);
    const losses = await trainSteps(model, 1);
    assert.ok(losses.every(Number.isFinite));
    const dir = join(folder.path, 'keras3-functional');
    await saveModel(model, dir, {
      modelName: 'keras3f',
      optimizer: compileConfig.optimizer,
      loss: compileConfig.loss,
      task: 'regression',
      inputShape: [5],
      classNames: [],
    });
    const loaded = await loadModel(dir);
    assert.equal(loaded.metadata.task, 'regression');
    assert.equal(loaded.model.layers.length, model.layers.length);
  });

  it('reads Keras 2 Sequential and functional models, which carry no training configuration', async () => {
    for (const [document, outputs] of [
      [keras2Sequential, 3],
      [keras2Functional, 3],
    ] as const) {
      const { model, compileConfig } = await modelFromKerasJson(document);
      assert.deepEqual(compileConfig, {});
      compileModel(model, { name: 'rmsprop' });
      const losses = await trainSteps(model, outputs);
      assert.ok(losses.every(Number.isFinite));
      const dir = join(folder.path, `keras2-${model.name}`);
      await saveModel(model, dir, {
        modelName: model.name,
        optimizer: { name: 'rmsprop' },
        inputShape: model.inputs[0]!.shape.slice(1) as number[],
        classNames: ['a', 'b', 'c'],
      });
      await loadModel(dir);
    }
    const { model } = await modelFromKerasJson(keras2Sequential);
    assert.ok(layerOf(model, 'SeparableConv2D') instanceof layers.SeparableConv2D);
  });

  it("reads tfjs' own model.toJSON()", async () => {
    const plain = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    const { model } = await modelFromKerasJson(JSON.parse(plain.toJSON() as string));
    assert.ok(layerOf(model, 'Conv2D') instanceof layers.Conv2D);
  });

  it('says what is wrong with a file that is no model', async () => {
    await assert.rejects(modelFromKerasJson({ layers: [] }, 'x.json'), /x.json is not a Keras model JSON/);
    await assert.rejects(
      modelFromKerasJson({ ...keras3Sequential, compile_config: { optimizer: 'Lion' } }, 'x.json'),
      /optimizer Lion is not one Kiln has/,
    );
  });
});
