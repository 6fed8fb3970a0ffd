// How long loading the real datasets takes, against the floor of merely gunzipping the same files:
//   node --import tsx packages/kiln/bench/data/loadDatasets.ts [dataFolder]
// dataFolder (default /work/shared/data) holds cifar-10-binary.tar.gz and fashion-mnist/.
// CPU time is printed beside wall time because the machine is shared.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { loadCifar10, loadFashionMnist } from '../../src/data/index.js';

const dataFolder = process.argv[2] ?? '/work/shared/data';
const cifarArchive = join(dataFolder, 'cifar-10-binary.tar.gz');
const fashionFolder = join(dataFolder, 'fashion-mnist');

interface Timing {
  wallS: number;
  cpuS: number;
}

async function measure(run: () => Promise<unknown>): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallS: (performance.now() - started) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

async function gunzipToNowhere(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      new Writable({ write: (_chunk, _encoding, done) => done() }),
    );
  }
}

function report(name: string, timing: Timing, baseline: Timing): void {
  console.log(
    `${name.padEnd(32)} wall ${timing.wallS.toFixed(2)} s (x${(timing.wallS / baseline.wallS).toFixed(2)} gunzip)` +
      `  cpu ${timing.cpuS.toFixed(2)} s (x${(timing.cpuS / baseline.cpuS).toFixed(2)} gunzip)`,
  );
}

const fashionFiles = (await readdir(fashionFolder))
  .filter((name) => name.endsWith('.gz'))
  .map((name) => join(fashionFolder, name));
const cifarBaseline = await measure(() => gunzipToNowhere([cifarArchive]));
report('gunzip cifar-10 (baseline)', cifarBaseline, cifarBaseline);
report('loadCifar10', await measure(() => loadCifar10({ path: cifarArchive })), cifarBaseline);
const fashionBaseline = await measure(() => gunzipToNowhere(fashionFiles));
report('gunzip fashion-mnist (baseline)', fashionBaseline, fashionBaseline);
report('loadFashionMnist', await measure(() => loadFashionMnist({ path: fashionFolder })), fashionBaseline);
console.log(`peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
