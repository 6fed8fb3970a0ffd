import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setupOneDnn } from 'tfjs-backend-onednn';
import type { Availability } from 'tfjs-backend-onednn';

export interface BackendChoice {
  name: string;
  /** Why Kiln fell back to the slow 'cpu' backend, and how to fix it. */
  warning?: string;
}

/**
 * The backend to use: `requested` when given (an explicit 'onednn' that cannot load is an error,
 * not a fallback), else 'onednn' when its addon loaded, else 'cpu' with a warning.
 */
export function chooseBackend(requested: string | undefined, onednn: Availability): BackendChoice {
  if (requested === 'onednn' && !onednn.available) {
    throw new Error(`backend 'onednn' was requested but ${onednn.reason}`);
  }
  if (requested !== undefined) return { name: requested };
  if (onednn.available) return { name: 'onednn' };
  return { name: 'cpu', warning: `kiln: running on tfjs' slow 'cpu' backend because ${onednn.reason}` };
}

/**
 * Chooses the tfjs backend Kiln computes on: `requested`, else `KILN_BACKEND`, else the fastest
 * available. Returns the name of the backend in use. Loads the engine with its process-wide settings
 * (tfjs-backend-onednn's README; KILN_PROCESS_SETTINGS=0 leaves them out).
 */
export async function setupBackend(requested?: string): Promise<string> {
  const choice = chooseBackend(requested || process.env.KILN_BACKEND || undefined, setupOneDnn());
  if (choice.warning !== undefined) process.stderr.write(`${choice.warning}\n`);
  const known = Object.keys(tf.engine().registryFactory);
  if (!known.includes(choice.name) || !(await tf.setBackend(choice.name))) {
    throw new Error(
      `backend '${choice.name}' could not be initialized (known: ${known.join(', ')}); ` +
        'choose one of those with --backend or KILN_BACKEND',
    );
  }
  await tf.ready();
  return tf.getBackend();
}
