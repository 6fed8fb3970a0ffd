import * as tfl from '@tensorflow/tfjs-layers';
import { Activation } from './layers/activation.js';
import { BatchNormalization } from './layers/batchNormalization.js';
import {
  canFuseMaxPooling,
  Conv2D,
  pair,
  SeparableConv2D,
  type FusibleConfig,
  type FusedMaxPooling,
} from './layers/convolutional.js';
import { MaxPooling2D } from './layers/pooling.js';

/**
 * Has some layers of a model (Sequential or functional) do the work of the layer after them, which then passes
 * its input through, as TensorFlow's graph optimizer fuses ops, and for the same reason: passes
 * over the activations saved, forward and back (`npm run bench -- engine` measures the gain).
 * - BatchNormalization, then Activation('relu') or Activation('gelu'): the normalization applies it.
 * - Conv2D or SeparableConv2D with ReLU and a bias, then MaxPooling2D: the convolution pools,
 *   before its bias and ReLU (see convolutional.ts).
 * Outputs, weights, config, summary and saved models are unchanged; only the first layer's own
 * output, read apart from the model, is the pair's.
 */
export function fuseLayers(model: tfl.LayersModel): void {
  model.layers.forEach((layer) => {
    const next = soleReader(model, layer);
    if (layer instanceof BatchNormalization && next instanceof Activation) {
      const activation = next.getConfig()['activation'];
      if (activation === 'relu' || activation === 'gelu') {
        layer.fusedActivation = activation;
        next.fusedIntoPrevious = true;
      }
    }
    if (
      (layer instanceof Conv2D || layer instanceof SeparableConv2D) &&
      next instanceof MaxPooling2D &&
      canFuseMaxPooling(layer.getConfig() as unknown as FusibleConfig)
    ) {
      const pooling = fusedPooling(next);
      if (pooling === null) return;
      layer.fusedMaxPooling = pooling;
      next.fusedIntoPrevious = true;
    }
  });
}

/**
 * The one layer that reads `layer`'s output, when that is all that does: `layer` is called once,
 * its output feeds exactly one call of one layer and is not a model output. Only then is handing
 * the next layer's work to `layer` exact (in a Sequential model, every layer but the last).
 */
function soleReader(model: tfl.LayersModel, layer: tfl.layers.Layer): tfl.layers.Layer | undefined {
  if (layer.inboundNodes.length !== 1 || layer.outboundNodes.length !== 1) return undefined;
  if (model.outputs.some((output) => output.sourceLayer === layer)) return undefined;
  const next = layer.outboundNodes[0]!.outboundLayer;
  if (next.inboundNodes.length !== 1 || next.inboundNodes[0]!.inboundLayers.length !== 1) return undefined;
  return next;
}

/** A MaxPooling2D layer's pooling, or null when a convolution cannot do it (channels first). */
function fusedPooling(layer: MaxPooling2D): FusedMaxPooling | null {
  const { poolSize, strides, padding, dataFormat } = layer.getConfig() as {
    poolSize: number | number[];
    strides: number | number[] | null;
    padding: string;
    dataFormat: string;
  };
  if (dataFormat !== 'channelsLast' || (padding !== 'valid' && padding !== 'same')) return null;
  return { poolSize: pair(poolSize), strides: pair(strides ?? poolSize), padding };
}
