import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { idxFile } from '../data/fixtures.js';

const side = 28;

/**
 * Writes a Fashion-MNIST folder of `trainCount` + `testCount` 28x28 images that a tiny convnet can
 * learn: class k is a flat image of brightness 20 + 23k plus noise, labels cycling 0..9.
 */
export async function writeTinyFashionMnist(folder: string, trainCount = 100, testCount = 40): Promise<string> {
  await mkdir(folder, { recursive: true });
  let state = 7;
  const noise = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state % 21) - 10;
  };
  const split = async (prefix: string, count: number): Promise<void> => {
    const labels = Uint8Array.from({ length: count }, (_, index) => index % 10);
    const images = new Uint8Array(count * side * side);
    for (let index = 0; index < images.length; index++)
      images[index] = 20 + 23 * labels[Math.floor(index / (side * side))]! + noise();
    await writeFile(join(folder, `${prefix}-images-idx3-ubyte`), idxFile([count, side, side], images));
    await writeFile(join(folder, `${prefix}-labels-idx1-ubyte`), idxFile([count], labels));
  };
  await split('train', trainCount);
  await split('t10k', testCount);
  return folder;
}
