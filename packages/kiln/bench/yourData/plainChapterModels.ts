// The chapter's `separable` and `regular` convnets written as a user would, with plain
// tf.layers (no Kiln layers): `kiln train` rebuilds them with Kiln's layers. KILN_PLAIN_MODEL
// picks which one; the optimizer is Kiln's default, the chapter's RMSprop, as for the built-ins.
import type { BuildContext } from '../../src/models/index.js';

export function build({ tfl, inputShape, outputs }: BuildContext) {
  const model = tfl.sequential();
  if (process.env.KILN_PLAIN_MODEL === 'regular') {
    model.add(tfl.layers.conv2d({ inputShape: [...inputShape], filters: 32, kernelSize: 3, activation: 'relu' }));
    model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tfl.layers.dropout({ rate: 0.25 }));
    model.add(tfl.layers.flatten());
    model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
    model.add(tfl.layers.dropout({ rate: 0.5 }));
  } else {
    const conv = (filters: number, first = false) =>
      tfl.layers.separableConv2d({
        filters,
        kernelSize: 3,
        activation: 'relu',
        ...(first ? { inputShape: [...inputShape] } : {}),
      });
    model.add(conv(32, true));
    model.add(conv(64));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(64));
    model.add(conv(128));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(64));
    model.add(conv(128));
    model.add(tfl.layers.globalAveragePooling2d({}));
    model.add(tfl.layers.dense({ units: 32, activation: 'relu' }));
  }
  model.add(tfl.layers.dense({ units: outputs, activation: 'softmax' }));
  return model;
}
