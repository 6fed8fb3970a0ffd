// Gradients are registered per kernel for every backend at once, and some of tfjs' are compositions
// of several whole-tensor kernels, each allocating and filling an activation-sized tensor. These
// replace such a gradient with one native kernel where the current backend has it, and hand every
// other case (another backend, an input the kernel does not take) to tfjs' own gradient.
import { engine, getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

type NamedGradients = ReturnType<GradConfig['gradFunc']>;

/** Computes the gradients natively, or returns null to leave the case to tfjs' gradient. */
export type NativeGradient = (dy: Tensor, saved: Tensor[], attrs: NamedAttrMap) => NamedGradients | null;

const ours = new Set<GradConfig>();

/** Whether the current backend has the kernel `kernelName`. */
export function backendHasKernel(kernelName: string): boolean {
  return getKernel(kernelName, engine().backendName) !== undefined;
}

/**
 * Replaces tfjs' gradient of `kernelName`, which must be registered already (tfjs-layers does it
 * when it loads), by `native` where it applies. Registering twice keeps the first.
 */
export function registerNativeGradient(kernelName: string, native: NativeGradient): void {
  const stock = getGradient(kernelName);
  if (stock === undefined || ours.has(stock)) return;
  const config: GradConfig = {
    ...stock,
    gradFunc: (dy, saved, attrs) =>
      (Array.isArray(dy) ? null : native(dy, saved, attrs)) ?? stock.gradFunc(dy, saved, attrs),
  };
  ours.add(config);
  registerGradient(config);
}
