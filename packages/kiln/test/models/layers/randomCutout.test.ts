import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { RandomCutout, randomCutout } from '../../../src/models/layers/randomCutout.js';
import { distinctImages, trainingOutput } from './imageReference.js';

/** The rows and columns of the pixels where `output` differs from `input` (all channels filled with `fill`). */
function changedBox(input: number[][][], output: number[][][], fill: number): { rows: number[]; cols: number[] } {
  const rows = new Set<number>(),
    cols = new Set<number>();
  output.forEach((row, r) =>
    row.forEach((px, q) => {
      if (JSON.stringify(px) === JSON.stringify(input[r]![q])) return;
      assert.deepEqual(
        px,
        px.map(() => fill),
        `pixel ${r},${q} changed to something other than the fill value`,
      );
      rows.add(r);
      cols.add(q);
    }),
  );
  return { rows: [...rows].sort((a, b) => a - b), cols: [...cols].sort((a, b) => a - b) };
}

for (const backend of ['cpu', 'onednn']) {
  describe(`RandomCutout on ${backend}`, () => {
    it('fills one rectangle of the drawn size, clipped at the border, with the fill value', async () => {
      await tf.setBackend(backend);
      const [h, w] = [10, 10];
      const x = distinctImages(40, h, w, 3);
      const images = x.arraySync();
      const out = trainingOutput(randomCutout({ heightFactor: 0.4, widthFactor: 0.4, fillValue: -1, seed: 8 }), x);
      let clipped = 0;
      out.forEach((image, i) => {
        const { rows, cols } = changedBox(images[i]!, image, -1);
        // A 4 x 4 box: full inside the image, fewer rows or columns where it crosses a border.
        assert.ok(
          rows.length >= 2 && rows.length <= 4 && cols.length >= 2 && cols.length <= 4,
          `image ${i}: ${rows} x ${cols}`,
        );
        const full = (v: number[], size: number): boolean =>
          v.length === 4 || v[0] === 0 || v[v.length - 1] === size - 1;
        assert.ok(full(rows, h) && full(cols, w), `image ${i}: a short box away from the border`);
        // Contiguous: a rectangle, every pixel of which changed (checked by counting).
        assert.equal(rows[rows.length - 1]! - rows[0]! + 1, rows.length);
        assert.equal(cols[cols.length - 1]! - cols[0]! + 1, cols.length);
        const changedPixels = image
          .flat()
          .filter((px, k) => JSON.stringify(px) !== JSON.stringify(images[i]!.flat()[k])).length;
        assert.equal(changedPixels, rows.length * cols.length);
        if (rows.length < 4 || cols.length < 4) clipped++;
      });
      assert.ok(clipped > 0 && clipped < 40, `${clipped} of 40 boxes clipped`);
      x.dispose();
    });

    it('is the identity outside training', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(3, 6, 6, 1);
      assert.deepEqual(
        (randomCutout({ heightFactor: 0.5, widthFactor: 0.5 }).apply(x) as tf.Tensor).arraySync(),
        x.arraySync(),
      );
      x.dispose();
    });
  });
}

describe('RandomCutout', () => {
  it('loads back from its saved config', async () => {
    const model = tfl.sequential({
      layers: [randomCutout({ heightFactor: [0.1, 0.3], widthFactor: 0.2, seed: 1, inputShape: [8, 8, 3] })],
    });
    const restored = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    assert.ok(restored.layers[0] instanceof RandomCutout);
    assert.deepEqual(restored.layers[0].getConfig()['heightFactor'], [0.1, 0.3]);
  });

  it('rejects negative sizes', () => {
    assert.throws(
      () => randomCutout({ heightFactor: [-0.1, 0.2], widthFactor: 0.1 }),
      /heightFactor must lie in \[0, 1\]/,
    );
  });
});
