// Builds an 'onednn' kernel config from a native implementation that may decline an input it does
// not handle (another dtype, NCHW, ...) by returning null: tfjs' own 'cpu' kernel then runs.
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from '../backend.js';

export const BACKEND_NAME = 'onednn';

export interface NativeKernelArgs<Inputs, Attrs> {
  inputs: Inputs;
  backend: OneDnnBackend;
  attrs: Attrs;
}

export function nativeKernel<Inputs extends NamedTensorInfoMap, Attrs extends object = NamedAttrMap>(
  kernelName: string,
  run: (args: NativeKernelArgs<Inputs, Attrs>) => TensorInfo | TensorInfo[] | null,
): KernelConfig {
  let cpuKernel: KernelFunc | undefined;
  const kernelFunc: KernelFunc = (args) => {
    const result = run(args as unknown as NativeKernelArgs<Inputs, Attrs>);
    if (result !== null) return result;
    cpuKernel ??= getKernel(kernelName, 'cpu').kernelFunc;
    return cpuKernel(args);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}
