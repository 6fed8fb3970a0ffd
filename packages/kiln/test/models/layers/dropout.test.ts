import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { Dropout, dropout } from '../../../src/models/layers/dropout.js';

const input = (): tf.Tensor => tf.ones([64, 32]);

/** Which elements each of `calls` training calls of `layer` kept. */
function masks(layer: tfl.layers.Layer, calls: number): boolean[][] {
  return Array.from({ length: calls }, () =>
    tf.tidy(() => Array.from((layer.apply(input(), { training: true }) as tf.Tensor).dataSync(), (v) => v !== 0)),
  );
}

for (const backend of ['cpu', 'onednn']) {
  describe(`Kiln's Dropout on ${backend}`, () => {
    it('draws a new mask at every training call, the same sequence from the same seed', async (t) => {
      if (backend === 'onednn' && !isOneDnnAvailable().available) return t.skip('the onednn addon is not built');
      await tf.setBackend(backend);
      const [first, second] = [masks(dropout({ rate: 0.5, seed: 42 }), 3), masks(dropout({ rate: 0.5, seed: 42 }), 3)];
      assert.deepEqual(second, first);
      assert.notDeepEqual(first[1], first[0]);
      assert.notDeepEqual(first[2], first[1]);
      const kept = first.flat().filter(Boolean).length / first.flat().length;
      assert.ok(Math.abs(kept - 0.5) < 0.05, `kept ${kept}`);
      const tfjsLayer = tfl.layers.dropout({ rate: 0.5, seed: 42 });
      const [a, b] = masks(tfjsLayer, 2);
      assert.deepEqual(a, b, "tfjs-layers' own seeded Dropout repeats its mask (why Kiln has its own)");
    });

    it('leaves its input alone outside training', async (t) => {
      if (backend === 'onednn' && !isOneDnnAvailable().available) return t.skip('the onednn addon is not built');
      await tf.setBackend(backend);
      const output = dropout({ rate: 0.5, seed: 1 }).apply(input(), { training: false }) as tf.Tensor;
      assert.deepEqual(Array.from(output.dataSync()), Array.from(input().dataSync()));
    });
  });
}

describe("Kiln's Dropout, natively", () => {
  it('runs as one native kernel on onednn', async (t) => {
    if (!isOneDnnAvailable().available) return t.skip('the onednn addon is not built');
    await tf.setBackend('onednn');
    const layer = dropout({ rate: 0.25, seed: 1 });
    const profile = await tf.profile(() => layer.apply(input(), { training: true }) as tf.Tensor);
    assert.deepEqual(
      profile.kernels.map((k) => k.name),
      ['OneDnnDropout'],
    );
  });

  it("is saved as Keras' Dropout and loads back as Kiln's", async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({ layers: [dropout({ inputShape: [4], rate: 0.3, seed: 7 })] });
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    assert.equal(json.config.layers[0]!.class_name, 'Dropout');
    const loaded = await tfl.models.modelFromJSON({ modelTopology: json });
    assert.ok(loaded.layers[0] instanceof Dropout);
    assert.deepEqual(
      (({ rate, seed }) => ({ rate, seed }))(loaded.layers[0]!.getConfig() as { rate: number; seed: number }),
      { rate: 0.3, seed: 7 },
    );
  });
});
