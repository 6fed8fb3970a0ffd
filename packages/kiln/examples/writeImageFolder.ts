// Writes Fashion-MNIST's training images (Debian's dataset-fashion-mnist, or any copy of the four
// IDX files) as an image folder, root/<class>/<n>.png, the layout `kiln train --data` reads:
//   node --import tsx packages/kiln/examples/writeImageFolder.ts /usr/share/datasets/fashion-mnist photos [count]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadFashionMnist, takeBalancedSubset } from '../src/data/index.js';

const [source = '/usr/share/datasets/fashion-mnist', root = 'photos', count = '6000'] = process.argv.slice(2);
const { train, classNames } = await loadFashionMnist({ path: source });
const subset = takeBalancedSubset(train, Math.min(Number(count), train.count), 1);
const names = classNames.map((name) => name.replace(/[^A-Za-z0-9-]+/g, '-'));
for (const name of names) await mkdir(join(root, name), { recursive: true });
const side = subset.height * subset.width;
for (let i = 0; i < subset.count; i++) {
  const pixels = Buffer.from(subset.images.subarray(i * side, (i + 1) * side));
  await sharp(pixels, { raw: { width: subset.width, height: subset.height, channels: 1 } })
    .png()
    .toFile(join(root, names[subset.labels[i]!]!, `${String(i).padStart(5, '0')}.png`));
}
console.log(`wrote ${subset.count} images in ${names.length} class folders under ${root}`);
