// The simple baseline: one Dense layer on the (flattened) inputs, softmax over the classes
// (multinomial logistic regression) or one linear unit (linear regression).
//   kiln train packages/kiln/examples/linear.ts --data rows.csv --target COLUMN
import type { BuildContext } from '../src/models/index.js';

export function build({ tfl, inputShape, outputs, task }: BuildContext) {
  const model = tfl.sequential();
  // Images are flattened to one row of pixels; table rows already are one.
  if (inputShape.length > 1) model.add(tfl.layers.flatten({ inputShape: [...inputShape] }));
  const input = inputShape.length > 1 ? {} : { inputShape: [...inputShape] };
  model.add(
    tfl.layers.dense({ ...input, units: outputs, activation: task === 'classification' ? 'softmax' : 'linear' }),
  );
  return model;
}
