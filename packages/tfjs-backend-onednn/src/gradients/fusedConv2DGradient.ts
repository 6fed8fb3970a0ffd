// FusedConv2D's gradient, for conv2dWithBias (tfjs' own fused conv2d op differentiates itself with
// customGrad, and only without an activation: in training it runs Conv2D, Add and Relu apart).
// ReLU's part runs as this backend's one-pass ReluGrad, and the bias gradient comes with the
// filter's from oneDNN, where the backend has them.
import { Conv2DBackpropFilter, Conv2DBackpropInput, engine, FusedConv2D, mul, registerGradient, step, sum } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { Conv2DBackpropFilterBias } from '../kernels/Conv2DBackpropFilterBias.js';
import { ReluGrad } from '../kernels/ReluGrad.js';
import { backendHasKernel } from './nativeGradient.js';

export function registerFusedConv2DGradient(): void {
  registerGradient({
    kernelName: FusedConv2D,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
      const { strides, pad, dataFormat, dimRoundingMode, activation } = attrs as unknown as FusedConv2DAttrs;
      if (activation !== 'relu' && activation !== 'linear') throw new Error(`FusedConv2D's gradient takes relu or linear, not ${activation}`);
      const g = dy as Tensor;
      // relu(z) > 0 exactly where z > 0, so y stands in for z.
      const dz = activation === 'linear' ? g : backendHasKernel(ReluGrad) ? (engine().runKernel(ReluGrad, { x: y, dy: g }) as Tensor) : mul(g, step(y));
      const common: NamedAttrMap = { strides, pad, dataFormat, dimRoundingMode };
      const weightAttrs: NamedAttrMap = { ...common, filterShape: filter.shape };
      // Made here rather than in the closures, which each run in a scope that keeps only its own result.
      const [dFilter, dBias] = backendHasKernel(Conv2DBackpropFilterBias)
        ? (engine().runKernel(Conv2DBackpropFilterBias, { x, dy: dz }, weightAttrs) as Tensor[])
        : [engine().runKernel(Conv2DBackpropFilter, { x, dy: dz }, weightAttrs) as Tensor, sum(dz, [0, 1, 2])];
      return {
        // Lazy: the first layer's input needs no gradient.
        x: () => engine().runKernel(Conv2DBackpropInput, { dy: dz, filter }, { ...common, inputShape: x.shape }) as Tensor,
        filter: () => dFilter!,
        bias: () => dBias!,
      };
    },
  });
}
