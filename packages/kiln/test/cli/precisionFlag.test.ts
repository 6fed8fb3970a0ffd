import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { supportsBfloat16 } from 'tfjs-backend-onednn';

import { globalPolicy, setGlobalPolicy } from '../../src/backend/mixedPrecision.js';
import { setupBackend } from '../../src/backend/select.js';
import { applyPrecisionFlag } from '../../src/cli/precisionFlag.js';
import { trainFlagFixture } from './trainFlagFixture.js';

const bfloat16 = supportsBfloat16();

describe('kiln train --precision', () => {
  const runs = trainFlagFixture('kiln-cli-precision-');

  test('fp32 sets float32, bf16 mixed_bfloat16, auto mixed_bfloat16 where the CPU has bfloat16', async () => {
    await setupBackend('onednn');
    assert.equal(applyPrecisionFlag('fp32'), 'float32');
    assert.equal(globalPolicy().name, 'float32');
    assert.equal(applyPrecisionFlag('auto'), bfloat16 ? 'mixed_bfloat16' : 'float32');
    assert.equal(globalPolicy().name, bfloat16 ? 'mixed_bfloat16' : 'float32');
    setGlobalPolicy('float32');
  });

  test(
    'trains in bf16 on the onednn backend, saying so and recording the flag',
    { skip: !bfloat16 && 'no native bfloat16 on this CPU' },
    async () => {
      const train = await runs.train(['--precision', 'bf16', '--verbose', '2'], {
        out: 'bf16',
        env: { KILN_BACKEND: 'onednn' },
      });
      assert.equal(train.code, 0, train.stderr);
      assert.match(train.stderr, /backend onednn, precision mixed_bfloat16, seed 3/);
      const record = JSON.parse(await readFile(join(train.out, 'run.json'), 'utf8')) as {
        options: { precision: string };
      };
      assert.equal(record.options.precision, 'bf16');
    },
  );

  test('refuses bf16 on a backend without it, and an unknown mode, saying what it got', () =>
    runs.assertRefused([
      {
        flags: ['--precision', 'bf16'],
        error: /--precision: the 'mixed_bfloat16' policy needs the 'onednn' backend, but 'cpu' is in use/,
      },
      { flags: ['--precision', 'fp16'], error: /'fp16' is invalid.*fp32, bf16, auto/ },
    ]));
});
