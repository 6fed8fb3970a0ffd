// Runs the same computation on tfjs' 'cpu' backend and on 'onednn' whose native kernels write into
// NaN-filled outputs (so an element a kernel forgets to write fails the comparison).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradients of every kernel (tfjs-core alone registers none).
import '@tensorflow/tfjs-layers';

import { BACKEND_NAME, OneDnnBackend } from '../../src/index.js';

const POISONED = 'onednnpoisoned';

let nativeOutputs = 0;

class PoisonedOneDnnBackend extends OneDnnBackend {
  override allocateOutput(size: number): Float32Array {
    nativeOutputs++;
    return new Float32Array(size).fill(Number.NaN);
  }
}

let registered = false;

function registerPoisoned(): void {
  if (registered) return;
  tf.copyRegisteredKernels(BACKEND_NAME, POISONED);
  tf.registerBackend(POISONED, () => new PoisonedOneDnnBackend(), 0);
  registered = true;
}

/** A seeded generator of uniform floats in [-1, 1) (mulberry32). */
export function randomSource(seed: number): (n: number) => Float32Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Float32Array.from({ length: n }, () => next() * 2 - 1);
}

/** Fresh per run; printed in failure messages so a failing case can be replayed. */
export const testSeed = Number(process.env.KILN_TEST_SEED ?? Date.now() % 1_000_000);

async function runOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => {
    const result = compute();
    return Array.isArray(result) ? result : [result];
  });
  const values = outputs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outputs);
  return values;
}

/**
 * max |native - cpu| / max |cpu| over every output of `compute`; throws when no native kernel ran
 * (a silent fallback to the cpu kernel would otherwise pass).
 */
export async function relativeErrorVsCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  registerPoisoned();
  const expected = await runOn('cpu', compute);
  const before = nativeOutputs;
  const actual = await runOn(POISONED, compute);
  if (nativeOutputs === before) throw new Error('no native kernel ran');
  let worst = 0;
  expected.forEach((reference, i) => {
    const got = actual[i]!;
    if (got.length !== reference.length)
      throw new Error(`output ${i}: ${got.length} elements, expected ${reference.length}`);
    worst = Math.max(worst, relativeError(got, reference));
  });
  return worst;
}

/** max |actual - expected| / max |expected| (NaN anywhere: infinity), of two arrays of one length. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  let scale = 1e-6;
  let diff = 0;
  for (let j = 0; j < expected.length; j++) {
    scale = Math.max(scale, Math.abs(expected[j]!));
    const d = Math.abs(actual[j]! - expected[j]!);
    diff = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(diff, d);
  }
  return diff / scale;
}
