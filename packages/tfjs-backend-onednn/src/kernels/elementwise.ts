// Kernel configs for element-wise arithmetic and reductions run by one native call each.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { BinaryInputs, KernelConfig, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

import type { OneDnnBackend } from '../backend.js';
import { nativeAddon } from '../native.js';
import type { BinaryOperation, EltwiseFunction, ReductionOperation } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/** `shape` with leading 1s up to `rank` (oneDNN wants operands of equal rank, at least 1). */
function padShape(shape: readonly number[], rank: number): number[] {
  return [...new Array<number>(Math.max(rank, 1) - shape.length).fill(1), ...shape];
}

function binary(
  backend: OneDnnBackend,
  operation: BinaryOperation,
  commutative: boolean,
  a: TensorInfo,
  b: TensorInfo,
): TensorInfo | null {
  const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = util.sizeFromShape(outShape);
  if (size === 0) return null;
  // oneDNN broadcasts only the second operand.
  const [first, second] = util.sizeFromShape(a.shape) === size ? [a, b] : commutative ? [b, a] : [a, b];
  if (util.sizeFromShape(first.shape) !== size) return null;
  const firstValues = backend.float32Values(first);
  const secondValues = backend.float32Values(second);
  if (firstValues === null || secondValues === null) return null;
  const out = backend.allocateOutput(size);
  const rank = outShape.length;
  nativeAddon().binary(
    operation,
    firstValues,
    padShape(first.shape, rank),
    secondValues,
    padShape(second.shape, rank),
    out,
  );
  return backend.float32Tensor(outShape, out);
}

/** A binary arithmetic kernel with numpy broadcasting. */
export function binaryKernel(kernelName: string, operation: BinaryOperation, commutative: boolean): KernelConfig {
  return nativeKernel<BinaryInputs>(kernelName, ({ inputs, backend }) =>
    inputs.a === undefined || inputs.b === undefined
      ? null
      : binary(backend, operation, commutative, inputs.a, inputs.b),
  );
}

/** An element-wise unary kernel; `alpha` reads the parameter some take (LeakyRelu's, Step's). */
export function unaryKernel<Attrs extends object = Record<string, never>>(
  kernelName: string,
  fn: EltwiseFunction | 'step',
  alpha: (attrs: Attrs) => number = () => 0,
): KernelConfig {
  return nativeKernel<NamedTensorInfoMap, Attrs>(kernelName, ({ inputs, backend, attrs }) => {
    const x = inputs.x;
    if (x === undefined || util.sizeFromShape(x.shape) === 0) return null;
    const xValues = backend.float32Values(x);
    if (xValues === null) return null;
    const y = backend.allocateOutput(xValues.length);
    if (fn === 'step') nativeAddon().step(xValues, y, alpha(attrs));
    else nativeAddon().eltwise(fn, xValues, y, alpha(attrs));
    return backend.float32Tensor([...x.shape], y);
  });
}

type ReductionAttrs = { keepDims: boolean } & Partial<Record<'axis' | 'reductionIndices', number | number[]>>;

/**
 * A reduction over the axes in attribute `axisAttribute` (Max calls it reductionIndices), keeping
 * reduced dimensions as 1s if `keepDims`.
 */
export function reductionKernel(
  kernelName: string,
  operation: ReductionOperation,
  axisAttribute: 'axis' | 'reductionIndices' = 'axis',
): KernelConfig {
  return nativeKernel<NamedTensorInfoMap, ReductionAttrs>(kernelName, ({ inputs, backend, attrs }) => {
    const x = inputs.x;
    const axis = attrs[axisAttribute];
    if (x === undefined || axis === undefined || x.shape.length === 0 || util.sizeFromShape(x.shape) === 0) return null;
    const axes = util.parseAxisParam(axis, x.shape);
    const xValues = backend.float32Values(x);
    if (xValues === null) return null;
    const reducedDims = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const y = backend.allocateOutput(util.sizeFromShape(reducedDims));
    // Over axes of size 1 only (a global average pooling of 1x1 maps) every value stays as it is.
    if (axes.every((a) => x.shape[a] === 1)) y.set(xValues);
    else nativeAddon().reduce(operation, xValues, [...x.shape], y, reducedDims);
    const outShape = attrs.keepDims ? reducedDims : x.shape.filter((_, i) => !axes.includes(i));
    return backend.float32Tensor(outShape, y);
  });
}
