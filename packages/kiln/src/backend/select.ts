import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/**
 * Chooses the tfjs backend Kiln computes on: `requested`, else `KILN_BACKEND`, else the fastest
 * available. Returns the name of the backend in use.
 */
export async function setupBackend(requested?: string): Promise<string> {
  const name = requested ?? process.env.KILN_BACKEND ?? 'cpu';
  if (!(await tf.setBackend(name))) {
    throw new Error(`backend '${name}' could not be initialized (known: ${Object.keys(tf.engine().registryFactory).join(', ')})`);
  }
  await tf.ready();
  return tf.getBackend();
}
