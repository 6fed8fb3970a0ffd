import { Softmax, util } from '@tensorflow/tfjs-core';
import type { SoftmaxAttrs, SoftmaxInputs } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

export const softmaxConfig = nativeKernel<SoftmaxInputs, SoftmaxAttrs>(Softmax, ({ inputs, backend, attrs }) => {
  const { logits } = inputs;
  const values = logits === undefined ? null : backend.float32Values(logits);
  // tfjs supports the last axis only, and says so: its kernel gives the error.
  if (
    logits === undefined ||
    values === null ||
    values.length === 0 ||
    (attrs.dim !== -1 && attrs.dim !== logits.shape.length - 1)
  )
    return null;
  const y = backend.allocateOutput(util.sizeFromShape(logits.shape));
  nativeAddon().softmax(values, y, logits.shape.at(-1)!);
  return backend.float32Tensor([...logits.shape], y);
});
