import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../files/index.js';

// A file of JSON plus tensors, written durably: checkpoints and backups. Layout: the magic, the
// JSON's byte length (uint32, little-endian), the JSON, then each tensor's values in order.
const magic = Buffer.from('KILNTNS1');

interface TensorEntry {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly bytes: number;
}

export interface TensorFile<T> {
  readonly header: T;
  /** The caller's to dispose. */
  readonly tensors: tf.Tensor[];
}

/**
 * Writes `header` and `tensors` to `path` atomically and durably (see writeFileAtomic), so a kill
 * at any moment leaves either the previous file or the new one, whole.
 */
export async function writeTensorFile(path: string, header: unknown, tensors: readonly tf.Tensor[]): Promise<void> {
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const tensor of tensors) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32')
      throw new Error(`cannot store a ${tensor.dtype} tensor: only float32 and int32 are supported`);
    const values = tensor.dataSync() as Float32Array | Int32Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    entries.push({ shape: [...tensor.shape], dtype: tensor.dtype, bytes: bytes.byteLength });
    chunks.push(bytes);
  }
  const json = Buffer.from(JSON.stringify({ header, tensors: entries }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength);
  await writeFileAtomic(path, [magic, length, json, ...chunks]);
}

/** Reads a file written by writeTensorFile; a file that is not one, or is cut short, is an error saying so. */
export async function readTensorFile<T>(path: string): Promise<TensorFile<T>> {
  const data = await readFile(path);
  const broken = (why: string): Error => new Error(`${path} is not a whole Kiln tensor file (${why})`);
  if (data.byteLength < 12 || !data.subarray(0, 8).equals(magic)) throw broken('wrong magic');
  const jsonLength = data.readUInt32LE(8);
  if (12 + jsonLength > data.byteLength) throw broken('header cut short');
  const { header, tensors: entries } = JSON.parse(data.subarray(12, 12 + jsonLength).toString()) as {
    header: T;
    tensors: TensorEntry[];
  };
  const expected = 12 + jsonLength + entries.reduce((sum, entry) => sum + entry.bytes, 0);
  if (expected !== data.byteLength) throw broken(`${data.byteLength} bytes, expected ${expected}`);
  let offset = 12 + jsonLength;
  const tensors = entries.map((entry) => {
    // A copy: the file's buffer need not be aligned for a typed array.
    const bytes = data.buffer.slice(data.byteOffset + offset, data.byteOffset + offset + entry.bytes);
    offset += entry.bytes;
    const values = entry.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
    return tf.tensor(values, entry.shape, entry.dtype);
  });
  return { header, tensors };
}
