import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { runKiln, type KilnOptions, type KilnResult } from './runKiln.js';
import { writeTinyFashionRun } from './support.js';

/** A `kiln train` that must fail: its flags, its model (the tiny spec unless given), and what its error says. */
export interface TrainRefusal {
  readonly flags: readonly string[];
  readonly model?: string;
  readonly error: RegExp;
}

export interface TrainFlagFixture {
  /** The tiny Fashion-MNIST copy the runs train on (set once the describe block's `before` hook has run). */
  readonly data: string;
  /**
   * `kiln train` of `model` (the tiny spec unless given) on the tiny Fashion-MNIST copy, one epoch
   * of batches of 16 from seed 3, with `flags`, into `root/out`; returns the run and that folder.
   */
  train(
    flags: readonly string[],
    options?: KilnOptions & { readonly model?: string; readonly out?: string },
  ): Promise<KilnResult & { readonly out: string }>;
  /** Checks that each refusal's `kiln train` exits non-zero, saying what its `error` matches. */
  assertRefused(refusals: readonly TrainRefusal[]): Promise<void>;
}

/**
 * The frame the tests of a `kiln train` flag share, called inside their describe block: a tiny
 * Fashion-MNIST run (`writeTinyFashionRun`) in a temporary folder, made before the block's tests
 * and removed after them.
 */
export function trainFlagFixture(folderPrefix: string): TrainFlagFixture {
  let root = '';
  let data = '';
  let spec = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), folderPrefix));
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const train: TrainFlagFixture['train'] = async (flags, { model, out = 'out', ...options } = {}) => {
    const folder = join(root, out);
    const common = ['--data', data, '--dataset', 'fashion-mnist', '--seed', '3', '--batch-size', '16', '--epochs', '1'];
    const result = await runKiln(['train', model ?? spec, ...common, ...flags, '--out', folder], options);
    return { ...result, out: folder };
  };
  return {
    get data() {
      return data;
    },
    train,
    async assertRefused(refusals) {
      for (const { flags, model, error } of refusals) {
        const run = await train(flags, { model, out: 'refused' });
        assert.notEqual(run.code, 0, `kiln train ${model ?? 'SPEC'} ${flags.join(' ')} succeeded`);
        assert.match(run.stderr, error);
      }
    },
  };
}
