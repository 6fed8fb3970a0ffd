import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConvnetSpec } from '../../src/models/index.js';
import { fashionMnistFiles, writeFiles } from '../data/fixtures.js';

export { seededRandom } from '../support/probabilities.js';

/** sha256 of every file under `dir`, by relative path: what must not change when a command refuses. */
export async function checksums(dir: string): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const path = join(folder, name);
      if ((await stat(path)).isDirectory()) await walk(path, `${prefix}${name}/`);
      else
        sums[`${prefix}${name}`] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir, '');
  return sums;
}

/** A convnet small enough to train in seconds on the cpu backend at 28x28. */
export const tinySpec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [2], maxPooling: true }],
  batchNormalization: false,
  head: 'flatten',
  dense: [],
  optimizer: { name: 'adam', learningRate: 0.01 },
};

/** Writes a tiny Fashion-MNIST copy (60 training, 20 test images) and `tinySpec` as a file under `root`. */
export async function writeTinyFashionRun(root: string): Promise<{ data: string; spec: string }> {
  const data = join(root, 'fashion');
  await writeFiles(data, fashionMnistFiles(60, 20));
  const spec = join(root, 'tiny.json');
  await writeFile(spec, JSON.stringify(tinySpec));
  return { data, spec };
}
