// Multiply-adds of one training step, counted from a model's layer shapes: the forward pass, the
// weight gradients (as many as the forward pass) and the input gradients (as many again, except
// for the first layer, whose input needs none).
import type * as tfl from '@tensorflow/tfjs-layers';

function forwardMultiplyAdds(layer: tfl.layers.Layer, batch: number): number {
  const out = layer.outputShape as number[];
  const outPixels = batch * (out[1] ?? 1) * (out[2] ?? 1);
  const kernelShapes = layer.getWeights().map((w) => w.shape);
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const [kh, kw, inC, outC] = kernelShapes[0]!;
      return outPixels * outC! * kh! * kw! * inC!;
    }
    case 'SeparableConv2D': {
      const [kh, kw, inC, multiplier] = kernelShapes[0]!;
      const [, , , outC] = kernelShapes[1]!;
      return outPixels * inC! * multiplier! * (kh! * kw! + outC!);
    }
    case 'Dense': {
      const [inUnits, units] = kernelShapes[0]!;
      return batch * inUnits! * units!;
    }
    default:
      return 0; // pooling, normalization, activations: memory-bound, not counted
  }
}

/** Floating-point operations (2 per multiply-add) of one training step on `batch` images. */
export function trainingStepFlops(model: tfl.LayersModel, batch: number): number {
  let multiplyAdds = 0;
  let first = true;
  for (const layer of model.layers) {
    const forward = forwardMultiplyAdds(layer, batch);
    if (forward === 0) continue;
    multiplyAdds += forward * (first ? 2 : 3);
    first = false;
  }
  return 2 * multiplyAdds;
}
