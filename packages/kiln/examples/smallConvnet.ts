// A user's own convnet in plain tf.layers, tunable: `kiln train` builds it with the defaults,
// `kiln tune` lets context.trial choose filters, depth, dropout and the learning rate.
//   kiln train packages/kiln/examples/smallConvnet.ts --data photos/ --test-split 0.2
//   kiln tune packages/kiln/examples/smallConvnet.ts --data photos/ --test-split 0.2 --trials 10
import type { BuildContext } from '../src/models/index.js';
import type { Trial } from '../src/tuning/index.js';

export async function build({ tf, tfl, inputShape, outputs, trial }: BuildContext<Trial>) {
  const filters = trial ? await trial.suggestInt('filters', 16, 64, { log: true }) : 32;
  const blocks = trial ? await trial.suggestInt('blocks', 1, 2) : 2;
  const dropout = trial ? await trial.suggestFloat('dropout', 0, 0.5) : 0.25;
  const learningRate = trial ? await trial.suggestFloat('learningRate', 1e-4, 1e-2, { log: true }) : 1e-3;
  const model = tfl.sequential();
  for (let block = 0; block < blocks; block++) {
    const first = block === 0 ? { inputShape: [...inputShape] } : {};
    model.add(
      tfl.layers.conv2d({
        ...first,
        filters: filters * 2 ** block,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
    );
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  }
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dropout({ rate: dropout }));
  model.add(tfl.layers.dense({ units: outputs, activation: 'softmax' }));
  // Compiling here chooses the optimizer and learning rate (flags still override).
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
  return model;
}
