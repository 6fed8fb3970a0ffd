import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import { getPrecision, supportsBfloat16 } from 'tfjs-backend-onednn';

import {
  globalPolicy,
  setGlobalPolicy,
  supportsMixedBfloat16,
  type PolicyName,
} from '../../src/backend/mixedPrecision.js';
import { setupBackend } from '../../src/backend/select.js';

const run = promisify(execFile);
const mixedPrecision = fileURLToPath(new URL('../../src/backend/mixedPrecision.ts', import.meta.url));
const precisionFlag = fileURLToPath(new URL('../../src/cli/precisionFlag.ts', import.meta.url));
const select = fileURLToPath(new URL('../../src/backend/select.ts', import.meta.url));

describe('the mixed-precision policy', () => {
  after(async () => {
    await setupBackend('onednn');
    setGlobalPolicy('float32');
  });

  it(
    "is 'float32' by default; 'mixed_bfloat16' computes in bfloat16 on the onednn backend, with float32 weights",
    { skip: !supportsBfloat16() && 'no native bfloat16 on this CPU' },
    async () => {
      await setupBackend('onednn');
      assert.deepEqual(globalPolicy(), { name: 'float32', computeDtype: 'float32', variableDtype: 'float32' });
      assert.equal(supportsMixedBfloat16(), true);
      setGlobalPolicy('mixed_bfloat16');
      assert.deepEqual(globalPolicy(), { name: 'mixed_bfloat16', computeDtype: 'bfloat16', variableDtype: 'float32' });
      assert.equal(getPrecision(), 'bfloat16');
      setGlobalPolicy('float32');
      assert.equal(getPrecision(), 'float32');
      assert.equal(globalPolicy().name, 'float32');
    },
  );

  it("refuses an unknown policy, saying why for Keras' mixed_float16", () => {
    assert.throws(
      () => setGlobalPolicy('mixed_float16' as PolicyName),
      /unknown mixed-precision policy "mixed_float16" \(float16 has no fast path on a CPU\); use one of 'float32', 'mixed_bfloat16'/,
    );
  });

  it("refuses 'mixed_bfloat16' on another backend than onednn, and takes 'float32' there", async () => {
    await setupBackend('cpu');
    assert.throws(() => setGlobalPolicy('mixed_bfloat16'), /needs the 'onednn' backend, but 'cpu' is in use/);
    setGlobalPolicy('float32');
    assert.equal(globalPolicy().name, 'float32');
    assert.equal(supportsMixedBfloat16(), false);
    await setupBackend('onednn');
    assert.equal(tf.getBackend(), 'onednn');
  });

  // oneDNN caps its ISA below AVX512_BF16 with DNNL_MAX_CPU_ISA, read once as it loads.
  it("refuses 'mixed_bfloat16' on a CPU without native bfloat16, where --precision auto chooses float32", async () => {
    const script = `
      const { setupBackend } = await import(${JSON.stringify(select)});
      const { setGlobalPolicy, globalPolicy, supportsMixedBfloat16 } = await import(${JSON.stringify(mixedPrecision)});
      const { applyPrecisionFlag } = await import(${JSON.stringify(precisionFlag)});
      await setupBackend('onednn');
      let message = '';
      try { setGlobalPolicy('mixed_bfloat16'); } catch (error) { message = error.message; }
      const auto = applyPrecisionFlag('auto');
      console.log(JSON.stringify({ supported: supportsMixedBfloat16(), message, auto, policy: globalPolicy().name }));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DNNL_MAX_CPU_ISA: 'AVX512_CORE' },
    });
    const result = JSON.parse(stdout) as { supported: boolean; message: string; auto: string; policy: string };
    assert.equal(result.supported, false);
    assert.match(result.message, /'bfloat16' needs a CPU with AVX512_BF16 or AMX, which this one lacks/);
    assert.equal(result.auto, 'float32');
    assert.equal(result.policy, 'float32');
  });
});
