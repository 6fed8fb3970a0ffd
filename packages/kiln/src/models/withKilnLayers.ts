import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import './layers/index.js';

/**
 * The same model (architecture, weights) with Kiln's layers wherever it has tfjs' own of a Keras
 * class Kiln implements (Conv2D, SeparableConv2D, BatchNormalization, Activation, MaxPooling2D,
 * Dropout): it is rebuilt through its config, which deserializes to Kiln's registered classes,
 * so a plain `tf.layers` model trains through the engine's one-pass ops. `model` is disposed.
 */
export async function withKilnLayers(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  const topology = model.toJSON(undefined, false) as unknown as tf.io.ModelJSON['modelTopology'];
  const rebuilt = (await tfl.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON)) as tfl.LayersModel;
  rebuilt.setWeights(model.getWeights());
  model.dispose();
  return rebuilt;
}
