import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Checks that an optimizer's state survives getWeights/setWeights: a copy restored from the saved
 * weights takes the same next step, and a step leaks no tensors. Returns the saved weights' names.
 */
export async function assertStateRoundTrips(makeOptimizer: () => tf.Optimizer): Promise<string[]> {
  const weight = tf.variable(tf.tensor1d([1, -1]));
  const optimizer = makeOptimizer();
  optimizer.applyGradients({ [weight.name]: tf.tensor1d([0.3, 0.7]) });
  const saved = await optimizer.getWeights();
  const restored = makeOptimizer();
  await restored.setWeights(saved.map((item) => ({ name: item.name, tensor: item.tensor.clone() })));
  const twin = tf.variable(tf.tensor1d(weight.dataSync()));
  const gradient = tf.tensor1d([0.1, 0.2]);
  const before = tf.memory().numTensors;
  optimizer.applyGradients({ [weight.name]: gradient });
  restored.applyGradients({ [twin.name]: gradient });
  assert.deepEqual(Array.from(twin.dataSync()), Array.from(weight.dataSync()));
  assert.equal(tf.memory().numTensors, before);
  optimizer.dispose();
  restored.dispose();
  tf.dispose([weight, twin, gradient]);
  // Slot names are '<variable>/<slot>'; the iteration count is 'iter'.
  return saved.map((item) => item.name.replace(/^.*\//, ''));
}
