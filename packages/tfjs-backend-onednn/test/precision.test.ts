import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';

import { getPrecision, type OneDnnBackend, type Precision, setPrecision, supportsBfloat16 } from '../src/index.js';

const run = promisify(execFile);
const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('the precision setting', () => {
  it(
    "is 'float32' by default and round-trips through setPrecision and getPrecision",
    { skip: !supportsBfloat16() && 'no native bfloat16 on this CPU' },
    async () => {
      await tf.setBackend('onednn');
      assert.equal(getPrecision(), 'float32');
      setPrecision('bfloat16');
      assert.equal(getPrecision(), 'bfloat16');
      assert.equal((tf.backend() as OneDnnBackend).precision, 'bfloat16');
      setPrecision('float32');
      assert.equal(getPrecision(), 'float32');
    },
  );

  it('rejects an unknown precision, naming it and the known ones, and keeps the one set', async () => {
    await tf.setBackend('onednn');
    assert.throws(
      () => setPrecision('float16' as Precision),
      /unknown precision "float16"; use one of 'float32', 'bfloat16'/,
    );
    assert.equal(getPrecision(), 'float32');
  });

  // oneDNN reads DNNL_MAX_CPU_ISA once, as it loads: a CPU capped below AVX512_BF16 is one without it.
  it("refuses 'bfloat16' with a clear error on a CPU without native bfloat16, staying in float32", async () => {
    const script = `
      import * as tf from '@tensorflow/tfjs-core';
      const onednn = await import(${JSON.stringify(index)});
      await tf.setBackend('onednn');
      let message = '';
      try { onednn.setPrecision('bfloat16'); } catch (error) { message = error.message; }
      // The kernel refuses too, whatever JS asks of it.
      let nativeMessage = '';
      try {
        onednn.nativeAddon().matmul(new Float32Array(4), new Float32Array(4), null, new Float32Array(4), [1, 1, 2, 2, 2, 0, 0], false, true);
      } catch (error) { nativeMessage = error.message; }
      console.log(JSON.stringify({ supported: onednn.supportsBfloat16(), message, nativeMessage, precision: onednn.getPrecision() }));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DNNL_MAX_CPU_ISA: 'AVX512_CORE' },
    });
    const result = JSON.parse(stdout) as {
      supported: boolean;
      message: string;
      nativeMessage: string;
      precision: string;
    };
    assert.equal(result.supported, false);
    assert.match(
      result.message,
      /'bfloat16' needs a CPU with AVX512_BF16 or AMX, which this one lacks .*use 'float32'/,
    );
    assert.match(result.nativeMessage, /onednn matmul: bfloat16 needs a CPU with AVX512_BF16 or AMX/);
    assert.equal(result.precision, 'float32');
  });
});
