// FusedConv2D's gradient, for conv2dWithBias (tfjs' own fused conv2d op differentiates itself with
// customGrad, and only without an activation: in training it runs Conv2D, Add and Relu apart).
// ReLU's part runs as this backend's one-pass ReluGrad where it has it.
import { Conv2DBackpropFilter, Conv2DBackpropInput, engine, FusedConv2D, mul, registerGradient, step, sum } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

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
      return {
        x: () => engine().runKernel(Conv2DBackpropInput, { dy: dz, filter }, { ...common, inputShape: x.shape }) as Tensor,
        filter: () => engine().runKernel(Conv2DBackpropFilter, { x, dy: dz }, { ...common, filterShape: filter.shape }) as Tensor,
        bias: () => sum(dz, [0, 1, 2]),
      };
    },
  });
}
