// setPrecision / getPrecision on the registered 'onednn' backend, whose own setting it is.
import { findBackend } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from './backend.js';
import { BACKEND_NAME } from './kernels/nativeKernel.js';
import type { Precision } from './precision.js';

function oneDnnBackend(): OneDnnBackend {
  const backend = findBackend(BACKEND_NAME) as OneDnnBackend | null;
  if (backend === null) throw new Error(`tfjs-backend-onednn: the '${BACKEND_NAME}' backend could not be initialized`);
  return backend;
}

/**
 * Sets the precision of the 'onednn' backend's convolutions and matrix products (float32 by
 * default); 'bfloat16' throws on a CPU without native bfloat16 (see supportsBfloat16()).
 */
export function setPrecision(precision: Precision): void {
  oneDnnBackend().setPrecision(precision);
}

/** The precision of the 'onednn' backend's convolutions and matrix products. */
export function getPrecision(): Precision {
  return oneDnnBackend().precision;
}
