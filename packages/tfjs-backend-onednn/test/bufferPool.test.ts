import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME, OneDnnBackend } from '../src/index.js';
import { BufferPool } from '../src/bufferPool.js';

// Run through the native ReLU, whose outputs come from the pool.
const shape = [4, 2048];
const ramp = (): tf.Tensor =>
  tf.tensor(
    Float32Array.from({ length: 4 * 2048 }, (_, i) => i - 100),
    shape,
  );

function valuesOf(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as OneDnnBackend;
  return backend.float32Values(tensor)!;
}

describe('the buffer pool', () => {
  before(async () => {
    await tf.setBackend(BACKEND_NAME);
  });

  it('gives a disposed output buffer to the next native output of that size', () => {
    const x = ramp();
    const first = tf.relu(x);
    const firstValues = valuesOf(first);
    first.dispose();
    const second = tf.relu(x);
    assert.equal(valuesOf(second), firstValues);
    assert.equal(second.dataSync()[150], 50);
    tf.dispose([x, second]);
  });

  it('never reuses a buffer that dataSync handed out, so read values stay intact', () => {
    const x = ramp();
    const read = tf.relu(x);
    const values = read.dataSync();
    read.dispose();
    const next = tf.relu(tf.neg(x));
    assert.notEqual(valuesOf(next), values);
    assert.equal(values[150], 50);
    assert.equal(values[0], 0);
    tf.dispose([x, next]);
  });

  it('keeps a slice that views a pooled buffer intact after its source is disposed', () => {
    const x = ramp();
    const source = tf.relu(x);
    const row = tf.slice(source, [0, 0], [1, shape[1]!]);
    source.dispose();
    const other = tf.relu(tf.neg(x));
    assert.equal(row.dataSync()[150], 50);
    tf.dispose([x, row, other]);
  });

  it('keeps a buffer shared by a reshape until the last tensor on it is disposed', () => {
    const x = ramp();
    const y = tf.relu(x);
    const flat = tf.reshape(y, [-1]);
    y.dispose();
    const other = tf.relu(tf.neg(x));
    assert.notEqual(valuesOf(other), valuesOf(flat));
    assert.equal(flat.dataSync()[150], 50);
    tf.dispose([x, flat, other]);
  });

  it('keeps under its limit by dropping the buffers of the size used least recently', () => {
    const pool = new BufferPool(1024);
    const [a, b, c] = [pool.acquire(128), pool.acquire(128), pool.acquire(64)];
    for (const values of [a, b, c]) pool.adopt(values!);
    pool.release(a!);
    pool.release(b!);
    pool.release(c!);
    assert.equal(pool.heldBytes, 768);
    assert.equal(pool.acquire(64), c);
    assert.equal(pool.acquire(128), a);
    assert.notEqual(pool.acquire(128), b);
    assert.equal(pool.heldBytes, 0);
  });
});
