import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { supportsBfloat16 } from 'tfjs-backend-onednn';

import { globalPolicy, setGlobalPolicy } from '../../src/backend/mixedPrecision.js';
import { setupBackend } from '../../src/backend/select.js';
import { applyPrecisionFlag } from '../../src/cli/precisionFlag.js';
import { runKiln } from './runKiln.js';
import { writeTinyFashionRun } from './support.js';

const bfloat16 = supportsBfloat16();

describe('kiln train --precision', () => {
  let root: string;
  let data: string;
  let spec: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-cli-precision-'));
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

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
      const out = join(root, 'bf16');
      const flags = ['--data', data, ...'--dataset fashion-mnist --seed 3 --batch-size 16 --epochs 1'.split(' ')];
      const train = await runKiln(['train', spec, ...flags, '--precision', 'bf16', '--verbose', '2', '--out', out], {
        env: { KILN_BACKEND: 'onednn' },
      });
      assert.equal(train.code, 0, train.stderr);
      assert.match(train.stderr, /backend onednn, precision mixed_bfloat16, seed 3/);
      const record = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { options: { precision: string } };
      assert.equal(record.options.precision, 'bf16');
    },
  );

  test('refuses bf16 on a backend without it, and an unknown mode, saying what it got', async () => {
    const flags = ['--data', data, '--dataset', 'fashion-mnist', '--epochs', '1'];
    const cpu = await runKiln(['train', spec, ...flags, '--precision', 'bf16']);
    assert.notEqual(cpu.code, 0);
    assert.match(
      cpu.stderr,
      /--precision: the 'mixed_bfloat16' policy needs the 'onednn' backend, but 'cpu' is in use/,
    );
    const unknown = await runKiln(['train', spec, ...flags, '--precision', 'fp16']);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /'fp16' is invalid.*fp32, bf16, auto/);
  });
});
