// FusedConv2D's gradient, for conv2dWithBias (tfjs' own fused conv2d op differentiates itself with
// customGrad, and only without an activation: in training it runs Conv2D, Add and Relu apart).
// ReLU's gradient and the bias' come from one native pass over dy where the backend has it.
import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  engine,
  FusedConv2D,
  mul,
  registerGradient,
  step,
  sum,
} from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { ReluBiasGrad } from '../kernels/ReluBiasGrad.js';
import { backendHasKernel } from './nativeGradient.js';

export function registerFusedConv2DGradient(): void {
  registerGradient({
    kernelName: FusedConv2D,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
      const { strides, pad, dataFormat, dimRoundingMode, activation } = attrs as unknown as FusedConv2DAttrs;
      if (activation !== 'relu' && activation !== 'linear')
        throw new Error(`FusedConv2D's gradient takes relu or linear, not ${activation}`);
      const g = dy as Tensor;
      // Made here rather than in the closures, which each run in a scope that keeps only its own result.
      let dz: Tensor, dBias: Tensor;
      if (activation === 'relu' && backendHasKernel(ReluBiasGrad)) {
        [dz, dBias] = engine().runKernel(ReluBiasGrad, { y, dy: g }) as [Tensor, Tensor];
      } else {
        // relu(z) > 0 exactly where z > 0, so y stands in for z.
        dz = activation === 'linear' ? g : mul(g, step(y));
        dBias = sum(dz, [0, 1, 2]);
      }
      const common: NamedAttrMap = { strides, pad, dataFormat, dimRoundingMode };
      const dFilter = engine().runKernel(
        Conv2DBackpropFilter,
        { x, dy: dz },
        { ...common, filterShape: filter.shape },
      ) as Tensor;
      return {
        // Lazy: the first layer's input needs no gradient.
        x: () =>
          engine().runKernel(Conv2DBackpropInput, { dy: dz, filter }, { ...common, inputShape: x.shape }) as Tensor,
        filter: () => dFilter,
        bias: () => dBias,
      };
    },
  });
}
