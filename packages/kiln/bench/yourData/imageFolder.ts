// Benchmark: loading an image folder of 50,000 32x32 PNGs (CIFAR-10's training images, written
// by this script as root/<class>/<n>.png) with loadImageFolder: cold (sharp decodes every file)
// and from its cache, beside loading the CIFAR-10 binary archive itself. Wall and CPU time.
//
//   node --import tsx packages/kiln/bench/yourData/imageFolder.ts [--data ARCHIVE] [--keep DIR]
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadCifar10, loadImageFolder } from '../../src/data/index.js';

const { values } = parseArgs({
  options: { data: { type: 'string', default: '/work/shared/data/cifar-10-binary.tar.gz' } },
});

async function measure<T>(run: () => Promise<T>): Promise<{ result: T; wallS: number; cpuS: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wallS: (performance.now() - started) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

const archive = await measure(() => loadCifar10({ path: values.data }));
const { train, classNames } = archive.result;
const root = await mkdtemp(join(tmpdir(), 'kiln-bench-folder-'));
try {
  const folder = join(root, 'cifar10-png');
  for (const name of classNames) await mkdir(join(folder, name), { recursive: true });
  const imageBytes = 32 * 32 * 3;
  const written = await measure(async () => {
    for (let start = 0; start < train.count; start += 64) {
      const end = Math.min(start + 64, train.count);
      await Promise.all(
        Array.from({ length: end - start }, (_, offset) => {
          const i = start + offset;
          const pixels = Buffer.from(train.images.subarray(i * imageBytes, (i + 1) * imageBytes));
          return sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } })
            .png()
            .toFile(join(folder, classNames[train.labels[i]!]!, `${String(i).padStart(5, '0')}.png`));
        }),
      );
    }
  });
  const cacheDir = join(root, 'cache');
  const cold = await measure(() => loadImageFolder(folder, { cacheDir }));
  const warm = await measure(() => loadImageFolder(folder, { cacheDir }));
  const count = cold.result.train.count;
  if (count !== train.count || warm.result.train.count !== count) throw new Error('the folder lost images');
  const line = (name: string, t: { wallS: number; cpuS: number }, images: number) =>
    console.log(
      `${name}: ${t.wallS.toFixed(2)} s wall, ${t.cpuS.toFixed(2)} s CPU, ${(images / t.wallS).toFixed(0)} images/s`,
    );
  console.log(`${count} 32x32 PNGs (written in ${written.wallS.toFixed(1)} s)`);
  line('CIFAR-10 binary archive (loadCifar10, train + test)', archive, 60000);
  line('image folder, cold (sharp decodes every PNG, then caches)', cold, count);
  line('image folder, from the cache', warm, count);
  console.log(
    `cache / archive wall time: ${(warm.wallS / archive.wallS).toFixed(2)}; cold / cache: ${(cold.wallS / warm.wallS).toFixed(1)}x`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
