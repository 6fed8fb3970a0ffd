// The cost of BackupAndRestore's epoch backup (weights, optimizer slots, callbacks' state; written
// to a temp file, fsynced, renamed) against the epoch it protects: trains a chapter model on all
// 50,000 CIFAR-10 training images at batch 128 with a backup after every epoch, then times
// further backups of the trained state on their own. Prints the backup's share of an epoch.
//
//   node --import tsx packages/kiln/bench/training/backupOverhead.ts [--data PATH] [--model regular] [--epochs 1] [--saves 5] [--backend NAME]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setupBackend } from '../../src/backend/select.js';
import { BackupAndRestore, LambdaCallback } from '../../src/callbacks/index.js';
import { loadCifar10 } from '../../src/data/index.js';
import { buildModel } from '../../src/models/index.js';
import { fit } from '../../src/training/index.js';
import { cifarBenchOptions } from './cifarBenchOptions.js';

const { values } = parseArgs({
  options: {
    ...cifarBenchOptions,
    epochs: { type: 'string', default: '1' },
    saves: { type: 'string', default: '5' },
  },
});

/** A BackupAndRestore that times each of its saves. */
class TimedBackup extends BackupAndRestore {
  readonly seconds: number[] = [];

  override async save(): Promise<void> {
    const started = performance.now();
    await super.save();
    this.seconds.push((performance.now() - started) / 1000);
  }
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const backend = await setupBackend(values.backend);
const { train } = await loadCifar10({ path: values.data });
const model = buildModel(values.model, { seed: 1 });
const backupDir = await mkdtemp(join(tmpdir(), 'kiln-bench-backup-'));
const backup = new TimedBackup({ backupDir, deleteCheckpoint: false });
const epochSeconds: number[] = [];
let started = 0;
console.log(
  `${values.model} (${model.countParams()} parameters) on ${backend}: ${train.count} CIFAR-10 images, batch 128; backups in ${backupDir}`,
);
await fit(model, train, {
  epochs: Number(values.epochs),
  batchSize: 128,
  verbose: 0,
  seed: 1,
  callbacks: [
    new LambdaCallback({
      onEpochBegin: () => void (started = performance.now()),
      // Runs before the backup (which runs last): the epoch's own time.
      onEpochEnd: () => void epochSeconds.push((performance.now() - started) / 1000),
    }),
    backup,
  ],
});
for (let i = 0; i < Number(values.saves); i++) await backup.save();
const bytes = (await stat(backup.path)).size;
await rm(backupDir, { recursive: true, force: true });

const epoch = median(epochSeconds);
const save = median(backup.seconds);
console.log(`epoch (training only): ${epochSeconds.map((s) => s.toFixed(1)).join(', ')} s`);
console.log(
  `backup: ${(bytes / 2 ** 20).toFixed(1)} MiB, ${backup.seconds.map((s) => (s * 1000).toFixed(0)).join(', ')} ms (median ${(save * 1000).toFixed(0)} ms)`,
);
console.log(`backup / epoch: ${((100 * save) / epoch).toPrecision(2)}% (median backup over median epoch)`);
