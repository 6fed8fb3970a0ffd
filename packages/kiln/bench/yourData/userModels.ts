// Benchmark: training images/s through `kiln train` of the chapter's `separable` and `regular`
// convnets written with plain tf.layers (plainChapterModels.ts; Kiln rebuilds them with its own
// layers) against Kiln's built-in ones, in the same run, on the same CIFAR-10 images and flags.
//
//   node --import tsx packages/kiln/bench/yourData/userModels.ts [--limit 5000] [--epochs 2] [--rounds 2] [--data ARCHIVE]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    limit: { type: 'string', default: '5000' },
    epochs: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    data: { type: 'string', default: '/work/shared/data/cifar-10-binary.tar.gz' },
  },
});
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const plainModule = fileURLToPath(new URL('./plainChapterModels.ts', import.meta.url));
const out = await mkdtemp(join(tmpdir(), 'kiln-bench-yourdata-'));

/** Trains `model` through the CLI and returns the training images/s its run.json records. */
async function imagesPerSecond(model: string, plain?: string): Promise<number> {
  const dir = join(out, `${plain ?? model}-${Math.random().toString(36).slice(2)}`);
  const args = ['--import', 'tsx', main, 'train', model, '--data', values.data!, '--limit', values.limit!];
  args.push('--epochs', values.epochs!, '--batch-size', '128', '--validation-split', '0', '--seed', '1');
  args.push('--backend', 'onednn', '--verbose', '0', '--out', dir);
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, args, { env: { ...process.env, KILN_PLAIN_MODEL: plain ?? '' } }, (error, _o, stderr) =>
      error ? reject(new Error(`${model}: ${stderr}`)) : resolve(),
    ),
  );
  const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { imagesPerSecond: number };
  await rm(dir, { recursive: true, force: true });
  return run.imagesPerSecond;
}

// Alternate built-in and plain, several rounds, and keep each one's best: the machine is shared.
const best: Record<string, { builtIn: number; plain: number }> = {};
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of ['separable', 'regular']) {
    const entry = (best[name] ??= { builtIn: 0, plain: 0 });
    entry.builtIn = Math.max(entry.builtIn, await imagesPerSecond(name));
    entry.plain = Math.max(entry.plain, await imagesPerSecond(plainModule, name));
  }
}
await rm(out, { recursive: true, force: true });
console.log(
  `kiln train on ${values.limit} CIFAR-10 images, ${values.epochs} epochs, batch 128, onednn; best of ${values.rounds}`,
);
for (const [name, { builtIn, plain }] of Object.entries(best)) {
  console.log(
    `${name}: built-in ${builtIn.toFixed(0)} images/s, plain tf.layers module ${plain.toFixed(0)} images/s, plain / built-in ${(plain / builtIn).toFixed(2)}`,
  );
}
